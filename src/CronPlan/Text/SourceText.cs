using System.Globalization;
using System.Text;
using CronPlan.Diagnostics;

namespace CronPlan.Text;

/// <summary>
/// Text read from a file or standard input, or why it could not be read (CPL9001, CPL9002): every cron tab, plan and
/// document goes through here, so none is read unbounded, binary or as anything but UTF-8.
/// </summary>
/// <param name="Path">The path as given (<c>-</c> for standard input).</param>
/// <param name="Text">The text, or null when it could not be read.</param>
/// <param name="Problem">Why not; null when read.</param>
internal sealed record SourceText(string Path, string? Text, Diagnostic? Problem)
{
    /// <summary>Larger inputs are refused: the daemon reads 10,000 lines of a cron tab at most, far below this.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads <paramref name="path"/>; <c>-</c> reads <paramref name="standardInput"/>.</summary>
    public static SourceText Read(string path, Stream? standardInput = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var at = new SourceLocation(path, 1, 1, 1, 1);
        try
        {
            if (path == "-")
            {
                using var buffer = new MemoryStream();
                var input = standardInput ?? Console.OpenStandardInput();
                var chunk = new byte[81920];
                int read;
                while ((read = input.Read(chunk, 0, chunk.Length)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > MaxBytes)
                    {
                        return TooLarge(path, at);
                    }
                }

                return Decode(path, buffer.ToArray());
            }

            if (Directory.Exists(path))
            {
                return new SourceText(path, null, DiagnosticCatalog.CPL9001.Create(at, $"'{path}' is a directory, not a cron tab", $"cronplan lint {path.TrimEnd('/')}/*"));
            }

            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return new SourceText(path, null, DiagnosticCatalog.CPL9001.Create(at, $"'{path}' does not exist"));
            }

            if (info.Length > MaxBytes)
            {
                return TooLarge(path, at);
            }

            // A regular file of no bytes has no text; anything else that stats as empty (a FIFO, a device) would
            // block or never end if opened.
            if (info.Length == 0)
            {
                return new SourceText(path, "", null);
            }

            return Decode(path, File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SourceText(path, null, DiagnosticCatalog.CPL9001.Create(at, $"'{path}' cannot be read: {e.Message}"));
        }
    }

    private static SourceText TooLarge(string path, SourceLocation at) =>
        new(path, null, DiagnosticCatalog.CPL9002.Create(at, string.Create(CultureInfo.InvariantCulture, $"'{path}' is larger than {MaxBytes / (1024 * 1024)} MiB: not a cron tab (the daemon reads at most 10,000 lines)")));

    /// <summary>UTF-8 text without NUL bytes; otherwise CPL9002 at the first offending byte.</summary>
    public static SourceText Decode(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            return new SourceText(path, null, DiagnosticCatalog.CPL9002.Create(At(path, bytes, nul), $"'{path}' is binary (a NUL byte): not a cron tab"));
        }

        try
        {
            var text = StrictUtf8.GetString(bytes);
            return new SourceText(path, text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text, null);
        }
        catch (DecoderFallbackException e)
        {
            var offset = Math.Max(e.Index, 0);
            return new SourceText(path, null, DiagnosticCatalog.CPL9002.Create(At(path, bytes, offset), $"'{path}' is not UTF-8 text (byte 0x{bytes[Math.Min(offset, bytes.Length - 1)]:X2} at offset {offset})", "iconv -f latin1 -t utf-8"));
        }
    }

    private static SourceLocation At(string path, byte[] bytes, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var column = offset - lineStart + 1;
        return new SourceLocation(path, line, column, line, column + 1);
    }
}
