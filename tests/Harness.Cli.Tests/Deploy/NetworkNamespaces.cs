using System.Diagnostics;
using System.Globalization;

namespace Harness.Cli.Tests.Deploy;

/// <summary>
/// Network namespaces made with iproute2 for a "cluster on one box": a hub namespace holding a
/// bridge, and one namespace per host joined to it by a veth pair, each with its own address in
/// 10.19.0.0/24. Nothing is added to the machine's own namespace, so the subnet exists only inside
/// these namespaces; dispose deletes them all, and with them their links.
/// </summary>
internal sealed class NetworkNamespaces : IDisposable
{
    public const string Ip = "/usr/sbin/ip";

    private readonly string _prefix = "h19-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-";
    private readonly List<string> _created = [];
    private int _hosts;

    private NetworkNamespaces()
    {
    }

    private string Hub => _prefix + "hub";

    /// <summary>Why namespaces cannot be made here (not root, no iproute2, no permission), or null when they can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces are Linux only";
        }

        if (!File.Exists(Ip))
        {
            return $"{Ip} is missing: install iproute2 (apt-get install iproute2; .ci/run does)";
        }

        if (Environment.UserName != "root")
        {
            return "creating network namespaces needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN)";
        }

        string probe = "h19-probe-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var (code, error) = Run("netns", "add", probe);
        Run("netns", "delete", probe);
        return code == 0 ? null : $"'ip netns add' failed here ({error.Trim()}): this environment does not allow network namespaces";
    }

    public static NetworkNamespaces Create()
    {
        var net = new NetworkNamespaces();
        try
        {
            net.Must("netns", "add", net.Hub);
            net._created.Add(net.Hub);
            net.Must("-n", net.Hub, "link", "add", "br0", "type", "bridge");
            net.Must("-n", net.Hub, "link", "set", "br0", "up");
            return net;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>Adds host <paramref name="name"/> on the bridge; returns its address.</summary>
    public string AddHost(string name)
    {
        string ns = _prefix + name;
        string address = "10.19.0." + (++_hosts + 1).ToString(CultureInfo.InvariantCulture);
        string port = "v" + _hosts.ToString(CultureInfo.InvariantCulture);
        Must("netns", "add", ns);
        _created.Add(ns);
        Must("-n", Hub, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Must("-n", Hub, "link", "set", port, "master", "br0", "up");
        Must("-n", ns, "addr", "add", address + "/24", "dev", "eth0");
        Must("-n", ns, "link", "set", "eth0", "up");
        Must("-n", ns, "link", "set", "lo", "up");
        return address;
    }

    /// <summary>Starts <paramref name="file"/> inside host <paramref name="name"/>'s namespace.</summary>
    public ChildProcess Start(string name, string file, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.Start(Ip, ["netns", "exec", _prefix + name, file, .. args], workingDirectory, environment);

    /// <summary>Packets host <paramref name="name"/> has sent from its own interface.</summary>
    public long PacketsSent(string name)
    {
        var (code, output, error) = RunOut("-n", _prefix + name, "-s", "-j", "link", "show", "dev", "eth0");
        Assert.True(code == 0, error);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        return doc.RootElement[0].GetProperty("stats64").GetProperty("tx").GetProperty("packets").GetInt64();
    }

    public void Dispose()
    {
        // Deleting a namespace deletes its end of each veth pair, and so the pair.
        foreach (string ns in Enumerable.Reverse(_created))
        {
            Run("netns", "delete", ns);
        }

        _created.Clear();
    }

    private void Must(params string[] args)
    {
        var (code, error) = Run(args);
        Assert.True(code == 0, $"ip {string.Join(' ', args)}: {error}");
    }

    private static (int Code, string Error) Run(params string[] args)
    {
        var (code, _, error) = RunOut(args);
        return (code, error);
    }

    private static (int Code, string Output, string Error) RunOut(params string[] args)
    {
        var info = new ProcessStartInfo(Ip) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
