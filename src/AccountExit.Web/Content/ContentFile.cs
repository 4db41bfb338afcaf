using System.Security.Cryptography;
using System.Text;
using Markdig;
using Markdig.Extensions.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AccountExit.Web.Content;

/// <summary>
/// One Markdown file with YAML front matter, split and parsed. Markdig finds the front-matter block;
/// YamlDotNet reads it twice: once into the typed model (unknown keys are errors) and once into nodes,
/// so that every later check can name the line of the key it is about.
/// </summary>
public sealed class ContentFile<T> where T : class
{
    private readonly Dictionary<string, int> _lines;

    internal ContentFile(string path, T frontMatter, string body, string hash, Dictionary<string, int> lines)
    {
        Path = path;
        FrontMatter = frontMatter;
        Body = body;
        Hash = hash;
        _lines = lines;
    }

    /// <summary>The path shown in messages, e.g. <c>content/guides/wechat.md</c>.</summary>
    public string Path { get; }
    public T FrontMatter { get; }
    public string Body { get; }
    /// <summary>SHA-256 of the file's bytes: an unchanged file has an unchanged hash.</summary>
    public string Hash { get; }

    /// <summary>The file line of a key such as <c>difficulty</c> or <c>preconditions[2].status</c>, or of its nearest parent.</summary>
    public int LineOf(string key)
    {
        while (true)
        {
            if (_lines.TryGetValue(key, out var line))
            {
                return line;
            }
            var cut = Math.Max(key.LastIndexOf('.'), key.LastIndexOf('['));
            if (cut <= 0)
            {
                return 1;
            }
            key = key[..cut];
        }
    }

    public FrontMatterError Error(string key, string problem) => new(Path, LineOf(key), problem);
}

/// <summary>Splits and parses content files; see <see cref="ContentFile{T}"/>.</summary>
public static class ContentFile
{
    private static readonly MarkdownPipeline FrontMatterOnly = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static ContentFile<T>? Parse<T>(string path, byte[] bytes, List<FrontMatterError> errors) where T : class
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new(path, 1, "the file is not valid UTF-8"));
            return null;
        }
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);

        var document = Markdown.Parse(text, FrontMatterOnly);
        if (document.Count == 0 || document[0] is not YamlFrontMatterBlock block)
        {
            errors.Add(new(path, 1, "no front matter: the file must start with a line '---', the YAML fields, and a closing '---'"));
            return null;
        }

        var yaml = block.Lines.ToString();
        // Markdig's line numbers are 0-based and point at the opening '---'; YamlDotNet's are 1-based within the block.
        var offset = block.Line + 1;
        var body = block.Span.End + 1 < text.Length ? text[(block.Span.End + 1)..].TrimStart('\n') : "";

        T? value;
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 0)
            {
                Collect(stream.Documents[0].RootNode, "", offset, lines);
            }
            value = Yaml.Deserialize<T?>(yaml);
        }
        catch (YamlException ex)
        {
            errors.Add(new(path, offset + (int)ex.Start.Line, Describe(ex)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some unclosed flow collections.
            errors.Add(new(path, offset + LastReadableLine(yaml), "invalid YAML: an unclosed [ ] or { } list, or a stray character, near this line"));
            return null;
        }

        if (value is null)
        {
            errors.Add(new(path, 1, "the front matter is empty"));
            return null;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return new ContentFile<T>(path, value, body, hash, lines);
    }

    /// <summary>The line of the last YAML event the parser could read before it failed.</summary>
    private static int LastReadableLine(string yaml)
    {
        var line = 1;
        var parser = new Parser(new StringReader(yaml));
        try
        {
            while (parser.MoveNext())
            {
                line = (int)parser.Current!.Start.Line;
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            // Stop at the failure: the line read last is where to look.
        }
        return line;
    }

    private static void Collect(YamlNode node, string prefix, int offset, Dictionary<string, int> lines)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, child) in map.Children)
                {
                    var name = prefix.Length == 0 ? key.ToString() : $"{prefix}.{key}";
                    lines[name] = offset + (int)key.Start.Line;
                    Collect(child, name, offset, lines);
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var name = $"{prefix}[{i}]";
                    lines[name] = offset + (int)sequence.Children[i].Start.Line;
                    Collect(sequence.Children[i], name, offset, lines);
                }
                break;
        }
    }

    private static string Describe(YamlException ex)
    {
        // YamlDotNet wraps the useful message (e.g. an unknown property) in an outer "Exception during deserialization".
        var inner = ex.InnerException?.Message;
        var message = ex.Message;
        if (message.Contains("not found on type", StringComparison.Ordinal))
        {
            var start = message.IndexOf('\'', StringComparison.Ordinal);
            var end = start >= 0 ? message.IndexOf('\'', start + 1) : -1;
            if (start >= 0 && end > start)
            {
                var field = message[(start + 1)..end];
                return field switch
                {
                    "status" => "unknown field 'status': a claim's confidence is derived from its sources; write cite: [source ids], or advice: true for the site's own advice (docs/content-format.md)",
                    "facts_as_of" => "unknown field 'facts_as_of': how current a guide is comes from its sources' dates; remove it (docs/content-format.md)",
                    _ => $"unknown field '{field}' (see docs/content-format.md for the allowed fields)",
                };
            }
        }
        var cleaned = StripPosition(inner ?? message);
        return $"invalid YAML: {cleaned}";
    }

    private static string StripPosition(string message)
    {
        // "(Line: 3, Col: 1, Idx: 20) - (Line: 3, Col: 5, Idx: 24): problem" → "problem"
        var marker = message.LastIndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(marker + 3)..] : message;
    }
}
