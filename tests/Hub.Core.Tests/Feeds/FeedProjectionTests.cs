using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Feeds;

namespace IntegrationHub.Core.Tests.Feeds;

public sealed class FeedProjectionTests
{
    private static readonly ChangeEvent s_update = new(
        42,
        Guid.Parse("01937c4e-0000-7000-8000-000000000001"),
        ChangeEventTypes.Updated,
        Guid.Parse("01937c4e-0000-7000-8000-0000000000aa"),
        null,
        ["address.street", "nik"],
        "32",
        new Dictionary<string, string> { ["nik"] = "3201015205900002", ["name.full"] = "SITI AMINAH", ["address.street"] = "JL. KARTINI 7", ["address.provinceCode"] = "32" },
        new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Project_CarriesOnlyThePolicysFields_AndChangedFieldNames()
    {
        var projected = FeedProjection.Project(s_update, Policy(["name.full", "address.street"], [ChangeEventTypes.Updated]), SubscriptionFilter.Everything);

        Assert.NotNull(projected);
        Assert.Equal(["address.street", "name.full"], projected.Person.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["address.street"], projected.ChangedFields);
    }

    [Fact]
    public void Project_WithoutAPolicy_DeliversNothing()
    {
        Assert.Null(FeedProjection.Project(s_update, null, SubscriptionFilter.Everything));
    }

    [Fact]
    public void Project_TypeThePolicyLeavesOut_DeliversNothing()
    {
        Assert.Null(FeedProjection.Project(s_update, Policy(["name.full", "address.street"], [ChangeEventTypes.Created]), SubscriptionFilter.Everything));
    }

    [Fact]
    public void Project_UpdateOfHiddenFieldsOnly_DeliversNothing()
    {
        Assert.Null(FeedProjection.Project(s_update with { ChangedFields = ["nik"] }, Policy(["name.full"], [ChangeEventTypes.Updated]), SubscriptionFilter.Everything));
    }

    [Theory]
    [InlineData("32", true)]
    [InlineData("31", false)]
    public void Project_ProvinceFilter_NarrowsToThoseProvinces(string province, bool delivered)
    {
        var filter = new SubscriptionFilter(new HashSet<string>(), new HashSet<string> { province });

        var projected = FeedProjection.Project(s_update, Policy(["name.full", "address.street"], [ChangeEventTypes.Updated]), filter);

        Assert.Equal(delivered, projected is not null);
    }

    [Fact]
    public void ToJson_WritesTheSchemasShape_WithNoHiddenValue()
    {
        var projected = FeedProjection.Project(s_update, Policy(["address.street"], [ChangeEventTypes.Updated]), SubscriptionFilter.Everything)!;

        var json = FeedProjection.ToJson(projected);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(42, root.GetProperty("seq").GetInt64());
        Assert.Equal("person.updated", root.GetProperty("type").GetString());
        Assert.Equal("2026-11-23T08:00:00.0000000Z", root.GetProperty("occurredAt").GetString());
        Assert.Equal("JL. KARTINI 7", root.GetProperty("person").GetProperty("address.street").GetString());
        Assert.DoesNotContain("3201015205900002", json, StringComparison.Ordinal);
        Assert.DoesNotContain("SITI", json, StringComparison.Ordinal);
    }

    private static AccessPolicy Policy(string[] fields, string[] types) =>
        new("p1", "bpjs", "jaminan-kesehatan", fields.ToHashSet(), types.ToHashSet());
}
