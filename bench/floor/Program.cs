// bench/floor: dotnet Floor.dll --urls http://127.0.0.1:PORT --body FILE.gz answers every request with FILE.gz as gzip HTML.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var body = await File.ReadAllBytesAsync(app.Configuration["body"] ?? throw new InvalidOperationException("--body FILE.gz is required"));
app.Run(context =>
{
    context.Response.ContentType = "text/html; charset=utf-8";
    context.Response.Headers.ContentEncoding = "gzip";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});
await app.RunAsync();
