using System.Globalization;

namespace CronPlan.Jobs;

/// <summary>
/// A duplicity target URL, read the way duplicity's backends read it, and compared by the place it names rather than by
/// its spelling.
/// <list type="bullet">
/// <item>The URL is split like duplicity's <c>ParsedUrl</c> (Python's <c>urlparse</c>): the scheme and the host are
/// case-insensitive, the path is percent-decoded, <c>user:password@</c> and <c>:port</c> come off the host.</item>
/// <item><c>rsync://</c> over ssh (<c>rsyncbackend.py</c>): a path starting with <c>//</c> is absolute
/// (<c>host:/path</c>), any other is relative to the login's home (<c>host:path</c>, the leading slash stripped); the
/// backend appends the trailing slash itself, so one more or less changes nothing. <c>rsync://host::module/path</c> (and
/// <c>host:port::</c>) is the rsync daemon's module, a different place than any ssh path.</item>
/// <item><c>sftp://</c>, <c>scp://</c> and <c>ssh://</c> (with duplicity's <c>paramiko+</c>/<c>pexpect+</c> prefixes):
/// the backend strips one leading slash from the path, so <c>/x</c> is relative to the login's home and <c>//x</c> is
/// absolute; the port defaults to 22. These and rsync over ssh reach the same directory through the same sshd, so they
/// name the same place.</item>
/// <item><c>file://</c> (<c>localbackend.py</c>): the text after <c>file://</c> is the path, <c>file:///abs</c>
/// absolute and <c>file://rel</c> relative to duplicity's working directory (the cron user's home).</item>
/// </list>
/// The home of a login <c>u</c> is assumed to be <c>/home/u</c>, and <c>/root</c> for <c>root</c>; a relative path
/// without a user in the URL stays relative to an unknown home (<c>~/path</c>) and equals only the same relative form.
/// A URL still holding a template (<c>{{ ... }}</c>, <c>{% ... %}</c>) or a shell expansion (<c>$VAR</c>) is opaque: it
/// equals only the same text, and the rules never claim an error from comparing it.
/// </summary>
internal sealed class DuplicityTarget : IEquatable<DuplicityTarget>
{
    private static readonly HashSet<string> SshSchemes = new(StringComparer.Ordinal) { "ssh", "scp", "sftp" };

    private DuplicityTarget(string text, string key, string path, bool isOpaque, string host = "")
    {
        Text = text;
        Key = key;
        Path = path;
        IsOpaque = isOpaque;
        Host = host;
    }

    /// <summary>The URL as written.</summary>
    public string Text { get; }

    /// <summary>The normalised place: what equality and hashing compare.</summary>
    public string Key { get; }

    /// <summary>The directory on the backend, normalised (no trailing slash); the text for an opaque target.</summary>
    public string Path { get; }

    /// <summary>The server, lower case; empty for a local or opaque target.</summary>
    public string Host { get; }

    /// <summary>The text holds a template or a shell expansion: only the same text is known to be the same place.</summary>
    public bool IsOpaque { get; }

    /// <summary>The last directory name of <see cref="Path"/> (<c>mysql</c> for <c>rsync://u@h//home/u/mysql/</c>).</summary>
    public string LastSegment => Path.TrimEnd('/').Split('/')[^1];

    /// <summary>Reads <paramref name="text"/>; never throws.</summary>
    public static DuplicityTarget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Contains("{{", StringComparison.Ordinal) || trimmed.Contains("{%", StringComparison.Ordinal) || trimmed.Contains('$', StringComparison.Ordinal) || trimmed.Contains('`', StringComparison.Ordinal))
        {
            return new DuplicityTarget(text, "opaque|" + trimmed, trimmed, isOpaque: true);
        }

        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0 || !trimmed[..schemeEnd].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            // No scheme: duplicity takes a plain path as a local one.
            var local = Normalise(trimmed.StartsWith('/') ? trimmed : "~/" + trimmed);
            return new DuplicityTarget(text, "file||" + local, local, isOpaque: false);
        }

        var scheme = trimmed[..schemeEnd].ToLowerInvariant();
        var rest = trimmed[(schemeEnd + 3)..];
        var plus = scheme.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0 && scheme[..plus] is "paramiko" or "pexpect")
        {
            scheme = scheme[(plus + 1)..];
        }

        if (scheme == "file")
        {
            var file = Normalise(rest.StartsWith('/') ? Decode(rest) : "~/" + Decode(rest));
            return new DuplicityTarget(text, "file||" + file, file, isOpaque: false);
        }

        var (query, fragment) = (rest.IndexOf('?', StringComparison.Ordinal), rest.IndexOf('#', StringComparison.Ordinal));
        var cut = new[] { query, fragment }.Where(i => i >= 0).DefaultIfEmpty(rest.Length).Min();
        rest = rest[..cut];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var netloc = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : Decode(rest[slash..]);
        var at = netloc.LastIndexOf('@');
        var user = at < 0 ? null : Decode(netloc[..at].Split(':')[0]);
        var hostPort = at < 0 ? netloc : netloc[(at + 1)..];

        var daemonAt = hostPort.IndexOf("::", StringComparison.Ordinal);
        if (scheme == "rsync" && daemonAt >= 0)
        {
            // rsync://[user@]host[:port]::[/]module/path: the daemon's module, whoever logs in.
            var daemonHost = hostPort[..daemonAt].Split(':');
            var port = daemonHost.Length > 1 && daemonHost[1].Length > 0 ? daemonHost[1] : "873";
            var module = Normalise("/" + Decode(rest[(rest.IndexOf("::", StringComparison.Ordinal) + 2)..]).TrimStart('/', ':'));
            return new DuplicityTarget(text, $"rsyncd|{daemonHost[0].ToLowerInvariant()}|{port}|{module}", module, isOpaque: false, daemonHost[0].ToLowerInvariant());
        }

        var colon = hostPort.LastIndexOf(':');
        var host = (colon < 0 ? hostPort : hostPort[..colon]).ToLowerInvariant();
        var portText = colon < 0 ? "" : hostPort[(colon + 1)..];
        var portNumber = portText.Length > 0 && int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : (int?)null;

        if (scheme == "rsync" || SshSchemes.Contains(scheme))
        {
            // rsync strips every leading slash of a single-slash path, the ssh backends strip one: either way a path
            // after one slash is relative to the login's home and one after two is absolute.
            var absolute = path.StartsWith("//", StringComparison.Ordinal);
            var relative = path.TrimStart('/');
            var home = user is null ? "~" : user == "root" ? "/root" : "/home/" + user;
            var directory = Normalise(absolute ? "/" + relative : home + "/" + relative);
            return new DuplicityTarget(text, $"ssh|{user}|{host}|{portNumber ?? 22}|{directory}", directory, isOpaque: false, host);
        }

        var other = Normalise(path.Length == 0 ? "/" : path);
        return new DuplicityTarget(text, $"{scheme}|{user}|{host}|{portNumber}|{other}", other, isOpaque: false, host);
    }

    /// <summary>
    /// Both name a place, and not the same one: the only comparison that may raise a finding. A path relative to an
    /// unknown home (no user in the URL) may be any user's, so it differs from none on the same server that ends the same.
    /// </summary>
    public bool DiffersFrom(DuplicityTarget other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return !IsOpaque && !other.IsOpaque && !Equals(other) && !(Host == other.Host && (UnderSomeHome(this, other) || UnderSomeHome(other, this)));

        static bool UnderSomeHome(DuplicityTarget relative, DuplicityTarget target) =>
            relative.Path.StartsWith("~/", StringComparison.Ordinal) && target.Path.Length > relative.Path.Length && target.Path.EndsWith(relative.Path[1..], StringComparison.Ordinal);
    }

    public bool Equals(DuplicityTarget? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as DuplicityTarget);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    /// <summary>The URL as written.</summary>
    public override string ToString() => Text;

    public static bool operator ==(DuplicityTarget? left, DuplicityTarget? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(DuplicityTarget? left, DuplicityTarget? right) => !(left == right);

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    /// <summary>One slash between segments, <c>.</c> and <c>..</c> resolved, no trailing slash (but <c>/</c> itself).</summary>
    private static string Normalise(string path)
    {
        var rooted = path.StartsWith('/');
        var segments = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[^1] is not ".." and not "~")
            {
                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        var joined = string.Join('/', segments);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
