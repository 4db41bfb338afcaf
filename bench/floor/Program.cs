// bench/floor: dotnet Floor.dll FILE.gz --urls http://127.0.0.1:PORT answers every request with FILE.gz as gzip HTML.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var body = await File.ReadAllBytesAsync(args[0]);
app.Run(context =>
{
    context.Response.ContentType = "text/html; charset=utf-8";
    context.Response.Headers.ContentEncoding = "gzip";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});
await app.RunAsync();
