namespace IntegrationHub.Api.Tests;

/// <summary>Where the built API is, for tests that run it as its own process.</summary>
internal static class ApiProcess
{
    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "IntegrationHub.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return root.FullName;
    }

    // tests/Hub.Api.Tests/bin/<Configuration>/net10.0 -> src/Hub.Api/bin/<Configuration>/net10.0/Hub.Api.dll
    public static string Assembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(RepositoryRoot(), "src", "Hub.Api", "bin", output.Parent!.Name, output.Name, "Hub.Api.dll");
    }

    /// <summary>
    /// An HTTP client for a running API that sends the bootstrap admin's key (from <paramref name="keyFile"/>) and the
    /// purpose <c>admin-ops</c>, which the bootstrap admin has a policy for.
    /// </summary>
    public static HttpClient AdminClient(string address, string keyFile, string purpose = HubApiFactory.DefaultPurpose)
    {
        var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add("X-Api-Key", File.ReadAllText(keyFile).Trim());
        http.DefaultRequestHeaders.Add("X-Purpose", purpose);
        return http;
    }
}
