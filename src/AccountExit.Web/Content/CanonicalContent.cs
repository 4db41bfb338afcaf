using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;
using YamlDotNet.Serialization.NamingConventions;

namespace AccountExit.Web.Content;

/// <summary>
/// The one canonical form of a document: front matter as JSON for storage and hashing, and as YAML for files.
/// Equal content gives an equal hash however the file was formatted, and writing the same content twice gives the
/// same bytes, so export → import changes nothing and a second export is byte-identical.
/// </summary>
public static class CanonicalContent
{
    /// <summary>Web defaults, but Chinese kept as characters (not \uXXXX): stored JSON stays readable and a third the size.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .WithEventEmitter(next => new MultilineAsLiteral(next))
        .DisableAliases()
        .Build();

    public static string ToJson<T>(T frontMatter) => JsonSerializer.Serialize(frontMatter, Json);

    public static T FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, Json)
        ?? throw new InvalidOperationException("Stored front matter is empty.");

    /// <summary>Line endings as \n, no leading blank lines, exactly one final newline (or none for an empty body).</summary>
    public static string NormalizeBody(string body)
    {
        var text = body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimStart('\n').TrimEnd();
        return text.Length == 0 ? "" : text + "\n";
    }

    public static string Hash(string frontMatterJson, string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(frontMatterJson + "\n---\n" + NormalizeBody(body))));

    /// <summary>A whole content file: front matter between '---' lines, then the body.</summary>
    public static string ToFile<T>(T frontMatter, string body) where T : class =>
        "---\n" + Yaml.Serialize(frontMatter).Replace("\r\n", "\n", StringComparison.Ordinal) + "---\n" + NormalizeBody(body);

    /// <summary>The content file of a stored document (<see cref="Data.Revision.GuideType"/> or <see cref="Data.Revision.LegalType"/>) from its stored JSON.</summary>
    public static string ToFile(string documentType, string frontMatterJson, string body) => documentType switch
    {
        Data.Revision.GuideType => ToFile(FromJson<GuideFrontMatter>(frontMatterJson), body),
        Data.Revision.LegalType => ToFile(FromJson<LegalFrontMatter>(frontMatterJson), body),
        _ => throw new ArgumentOutOfRangeException(nameof(documentType), documentType, "not a document type"),
    };

    /// <summary>Multi-line text as a YAML literal block (readable in git diffs) instead of an escaped one-liner.</summary>
    private sealed class MultilineAsLiteral(IEventEmitter next) : ChainedEventEmitter(next)
    {
        public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
        {
            if (eventInfo.Source.Value is string text && text.Contains('\n', StringComparison.Ordinal) && !text.Contains('\t', StringComparison.Ordinal)
                && !text.Split('\n').Any(line => line.EndsWith(' ')))
            {
                eventInfo.Style = ScalarStyle.Literal;
            }
            base.Emit(eventInfo, emitter);
        }
    }
}
