using PlatformBot.Host.Features.Lookup;

namespace PlatformBot.Host.Tests.Features.Lookup;

/// <summary>Name resolution on an in-memory list: exact id, exact name, prefix, word start, inside, fuzzy suggestions.</summary>
public sealed class NameIndexTests
{
    private static readonly NameIndex Index = new(
    [
        DirectoryEntry.Create("A-000001", "Acme Corp", "enterprise", "emea", owner: "sam@example.com", csm: "jo@example.com"),
        DirectoryEntry.Create("A-000002", "Acme Labs", "smb", "amer", owner: "kim@example.com", csm: "JO@example.com"),
        DirectoryEntry.Create("A-000003", "Globex", "mid-market", "apac", owner: "sam@example.com"),
        DirectoryEntry.Create("A-000004", "Globex Europe", "enterprise", "emea"),
        DirectoryEntry.Create("A-000005", "Initech"),
        DirectoryEntry.Create("A-000006", "Umbrella Labs"),
        DirectoryEntry.Create("A-000007", "J.P. Morgan & Co."),
        DirectoryEntry.Create("A-000008", "Société Générale"),
        DirectoryEntry.Create("A-000009", "Hooli"),
        DirectoryEntry.Create("A-000010", "Hooli"),
        DirectoryEntry.Create("A-000011", "Microcorp"),
        DirectoryEntry.Create("A-000012", "Stark Industries"),
    ]);

    private static string[] Names(Resolution r) => r.Candidates.Select(c => c.Account.Name).ToArray();

    [Fact]
    public void An_exact_account_id_answers_in_any_case()
    {
        var r = Index.Resolve("  a-000005 ");

        Assert.Equal(ResolutionKind.Single, r.Kind);
        Assert.Equal("Initech", r.Account!.Name);
        Assert.Equal(MatchKind.ExactId, r.Candidates[0].Match);
    }

    [Fact]
    public void An_exact_name_answers_ignoring_case_whitespace_and_punctuation()
    {
        var r = Index.Resolve("ACME   corp");

        Assert.Equal(ResolutionKind.Single, r.Kind);
        Assert.Equal("A-000001", r.Account!.AccountId);
        Assert.Equal(MatchKind.ExactName, r.Candidates[0].Match);
        Assert.Equal("A-000007", Index.Resolve("jp morgan co").Account?.AccountId);
        Assert.Equal("A-000008", Index.Resolve("societe generale").Account?.AccountId);
    }

    [Fact]
    public void An_exact_name_wins_over_longer_names_starting_with_it()
    {
        var r = Index.Resolve("globex");

        Assert.Equal(ResolutionKind.Single, r.Kind);
        Assert.Equal("A-000003", r.Account!.AccountId);
    }

    [Fact]
    public void A_prefix_shared_by_two_accounts_is_a_pick_list_never_the_first_match()
    {
        var r = Index.Resolve("acme");

        Assert.Equal(ResolutionKind.Ambiguous, r.Kind);
        Assert.Null(r.Account);
        Assert.Equal(["Acme Corp", "Acme Labs"], Names(r));
        Assert.All(r.Candidates, c => Assert.Equal(MatchKind.Prefix, c.Match));
        Assert.Equal(2, r.TotalMatches);
    }

    [Fact]
    public void Two_accounts_with_the_same_name_are_a_pick_list()
    {
        var r = Index.Resolve("hooli");

        Assert.Equal(ResolutionKind.Ambiguous, r.Kind);
        Assert.Equal(["A-000009", "A-000010"], r.Candidates.Select(c => c.Account.AccountId));
    }

    [Fact]
    public void A_unique_prefix_answers()
    {
        var r = Index.Resolve("acme c");

        Assert.Equal(ResolutionKind.Single, r.Kind);
        Assert.Equal("Acme Corp", r.Account!.Name);
        Assert.Equal(MatchKind.Prefix, r.Candidates[0].Match);
    }

    [Fact]
    public void The_start_of_a_later_word_matches_and_ranks_with_prefixes()
    {
        var labs = Index.Resolve("labs");
        Assert.Equal(ResolutionKind.Ambiguous, labs.Kind);
        Assert.Equal(["Acme Labs", "Umbrella Labs"], Names(labs));
        Assert.All(labs.Candidates, c => Assert.Equal(MatchKind.WordStart, c.Match));

        var industries = Index.Resolve("indus");
        Assert.Equal(ResolutionKind.Single, industries.Kind);
        Assert.Equal("Stark Industries", industries.Account!.Name);
    }

    [Fact]
    public void Prefix_matches_rank_before_word_start_matches()
    {
        var index = new NameIndex(
        [
            DirectoryEntry.Create("A-1", "Zeta Labrador"),
            DirectoryEntry.Create("A-2", "Labrador Holdings International"),
        ]);

        var r = index.Resolve("labrador");

        Assert.Equal(ResolutionKind.Ambiguous, r.Kind);
        Assert.Equal([MatchKind.Prefix, MatchKind.WordStart], r.Candidates.Select(c => c.Match));
        Assert.Equal(["A-2", "A-1"], r.Candidates.Select(c => c.Account.AccountId));
    }

    [Fact]
    public void Text_inside_a_word_matches_only_when_nothing_starts_with_it()
    {
        // "Acme Corp" starts a word with it; "Microcorp" only contains it, so it does not make a pick list.
        var strong = Index.Resolve("corp");
        Assert.Equal(ResolutionKind.Single, strong.Kind);
        Assert.Equal("Acme Corp", strong.Account!.Name);

        var weak = Index.Resolve("rocor");
        Assert.Equal(ResolutionKind.Single, weak.Kind);
        Assert.Equal("Microcorp", weak.Account!.Name);
        Assert.Equal(MatchKind.Contains, weak.Candidates[0].Match);
    }

    [Fact]
    public void A_typo_is_not_found_with_did_you_mean_suggestions_nearest_first()
    {
        var r = Index.Resolve("globx");

        Assert.Equal(ResolutionKind.NotFound, r.Kind);
        Assert.Null(r.Account);
        Assert.Equal(["Globex", "Globex Europe"], Names(r));
        Assert.All(r.Candidates, c => Assert.Equal((MatchKind.Fuzzy, 1), (c.Match, c.Distance)));
    }

    [Fact]
    public void Transpositions_missing_spaces_and_typos_in_one_word_of_several_are_suggested()
    {
        Assert.Equal("Initech", Names(Index.Resolve("intiech"))[0]);
        Assert.Equal("Acme Corp", Names(Index.Resolve("acmecorp"))[0]);
        Assert.Equal("Acme Corp", Names(Index.Resolve("acme crop"))[0]);
        Assert.Equal("Stark Industries", Names(Index.Resolve("strak industries"))[0]);
    }

    [Fact]
    public void Suggestions_are_at_most_three_and_never_far_off()
    {
        var index = new NameIndex(Enumerable.Range(0, 20).Select(i => DirectoryEntry.Create($"A-{i}", "Globex " + (char)('a' + i))));

        Assert.Equal(NameIndex.MaxSuggestions, index.Resolve("globx").Candidates.Count);
        Assert.Empty(Index.Resolve("zzzzzzzz").Candidates);
        Assert.Equal(ResolutionKind.NotFound, Index.Resolve("zzzzzzzz").Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!!")]
    public void An_empty_query_finds_nothing(string query)
    {
        var r = Index.Resolve(query);

        Assert.Equal(ResolutionKind.NotFound, r.Kind);
        Assert.Empty(r.Candidates);
    }

    [Fact]
    public void A_very_long_query_finds_nothing_and_costs_nothing()
    {
        var r = Index.Resolve(new string('a', 10_000));
        Assert.Equal(ResolutionKind.NotFound, r.Kind);
        Assert.Empty(r.Candidates);

        // Long but within a name's limit: still a normal lookup, no fuzzy work beyond 64 characters.
        var longName = "Acme Corp " + new string('x', 120);
        Assert.Equal(ResolutionKind.NotFound, Index.Resolve(longName).Kind);
    }

    [Fact]
    public void A_pick_list_holds_the_best_five_shortest_first_and_counts_them_all()
    {
        var index = new NameIndex(Enumerable.Range(1, 40)
            .Select(i => DirectoryEntry.Create($"A-{i:00}", "Alpha " + new string('x', i))));

        var r = index.Resolve("alp");

        Assert.Equal(ResolutionKind.Ambiguous, r.Kind);
        Assert.Equal(40, r.TotalMatches);
        Assert.Equal(["A-01", "A-02", "A-03", "A-04", "A-05"], r.Candidates.Select(c => c.Account.AccountId));
    }

    [Fact]
    public void Accounts_are_found_by_owner_or_csm_email_in_any_case()
    {
        Assert.Equal(["Acme Corp", "Globex"], Index.ByEmail(" SAM@example.com ").Select(e => e.Name));
        Assert.Equal(["Acme Corp", "Acme Labs"], Index.ByEmail("jo@example.com").Select(e => e.Name));
        Assert.Empty(Index.ByEmail("nobody@example.com"));
    }

    [Fact]
    public void Names_maps_every_id_to_its_name()
    {
        Assert.Equal(12, Index.Names.Count);
        Assert.Equal("Globex Europe", Index.Names["A-000004"]);
        Assert.Equal("Initech", Index.Find("a-000005")?.Name);
        Assert.Null(Index.Find("A-404"));
    }

    [Fact]
    public void An_empty_directory_resolves_nothing()
    {
        var empty = new NameIndex([]);

        Assert.Equal(ResolutionKind.NotFound, empty.Resolve("acme").Kind);
        Assert.Equal(ResolutionKind.NotFound, empty.Resolve("acme crop").Kind);
        Assert.Empty(empty.Names);
    }

    [Theory]
    [InlineData("  Acme,  Inc. ", "acme inc")]
    [InlineData("O'Brien & Sons", "obrien sons")]
    [InlineData("Rolls-Royce", "rolls royce")]
    [InlineData("Ørsted Straße", "orsted strasse")]
    public void Names_and_queries_fold_to_the_same_search_key(string name, string key) =>
        Assert.Equal(key, PlatformBot.Data.Import.NameKey.From(name));

    [Theory]
    [InlineData("globx", "globex", 1)]
    [InlineData("intiech", "initech", 1)]
    [InlineData("acmecorp", "acme corp", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("abc", "abc", 0)]
    public void Bounded_distance_is_the_optimal_string_alignment_distance(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Bounded(a, b, 5));
        Assert.Equal(Math.Min(expected, 2), EditDistance.Bounded(a, b, 1)); // capped at d + 1
    }

    [Fact]
    public void A_hundred_thousand_names_resolve_the_same_way()
    {
        var random = new Random(11);
        string[] syllables = ["ka", "lo", "mi", "ne", "ra", "to", "vu", "zi", "be", "do"];
        var entries = Enumerable.Range(0, 100_000)
            .Select(i => DirectoryEntry.Create($"A-{i:000000}",
                string.Concat(Enumerable.Range(0, 3).Select(_ => syllables[random.Next(syllables.Length)])) + " " + (i % 7 == 0 ? "Labs" : "Group") + " " + i))
            .Append(DirectoryEntry.Create("A-X1", "Acme Corp"))
            .Append(DirectoryEntry.Create("A-X2", "Acme Labs"))
            .Append(DirectoryEntry.Create("A-X3", "Globex"));
        var index = new NameIndex(entries);

        Assert.Equal(ResolutionKind.Ambiguous, index.Resolve("acme").Kind);
        Assert.Equal("A-X1", index.Resolve("acme corp").Account?.AccountId);
        Assert.Equal("Globex", index.Resolve("globx").Candidates[0].Account.Name);
        Assert.Equal("A-000042", index.Resolve("A-000042").Account?.AccountId);
        var labs = index.Resolve("labs");
        Assert.Equal(ResolutionKind.Ambiguous, labs.Kind);
        Assert.Equal(NameIndex.MaxChoices, labs.Candidates.Count);
        Assert.Equal(100_000 / 7 + 2, labs.TotalMatches);
    }
}
