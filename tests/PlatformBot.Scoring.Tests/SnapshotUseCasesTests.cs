using System.Buffers;
using System.Text;
using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

/// <summary>The stored form of a snapshot's use cases: written once by the score run, read by lookups, exports and digests.</summary>
public sealed class SnapshotUseCasesTests
{
    private static AccountScore Mixed() => Score(
        Sub("S-1", 1000, "premium", Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 80), ("ci_builds_28d", 1234), ("deployment_users_28d", 3)))));

    [Fact]
    public void A_fresh_score_is_stored_in_model_order_with_scores_rounded_to_four_decimals()
    {
        var score = Mixed();

        var json = SnapshotUseCases.Encode(score, new ArrayBufferWriter<byte>());

        Assert.StartsWith("{\"scm\":{\"color\":\"green\",\"score\":", json, StringComparison.Ordinal);
        Assert.Contains("\"security\":{\"color\":\"unknown\",\"score\":null}", json, StringComparison.Ordinal);
        var decoded = SnapshotUseCases.Decode(json);
        Assert.Equal(score.UseCases.Select(u => u.UseCaseId), decoded.Select(u => u.UseCaseId));
        Assert.Equal(score.UseCases.Select(u => u.Color), decoded.Select(u => u.Color));
        Assert.Equal(score.UseCases.Select(u => u.Score is { } s ? Math.Round(s, 4) : (double?)null), decoded.Select(u => u.Score));
    }

    [Fact]
    public void Decoding_and_encoding_again_gives_the_stored_text_back_exactly()
    {
        var stored = SnapshotUseCases.Encode(Mixed(), new ArrayBufferWriter<byte>());

        Assert.Equal(stored, SnapshotUseCases.Encode(SnapshotUseCases.Decode(stored)));
        Assert.Equal(stored, SnapshotUseCases.Encode(SnapshotUseCases.From(Mixed())));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"scm\":")]
    [InlineData("{\"scm\":\"green\"}")]
    public void A_cell_that_is_not_the_stored_shape_reads_as_no_use_cases_instead_of_throwing(string cell)
    {
        Assert.Empty(SnapshotUseCases.Decode(cell));
        Assert.Empty(SnapshotUseCases.Colors(cell));
    }

    [Fact]
    public void Unknown_properties_and_colors_are_read_as_unknown_not_as_errors()
    {
        var decoded = SnapshotUseCases.Decode("{\"scm\":{\"note\":{\"a\":[1]},\"color\":\"purple\",\"score\":\"x\"},\"ci\":{\"color\":\"red\",\"score\":12.5}}");

        Assert.Equal([new StoredUseCase("scm", HealthColor.Unknown, null), new StoredUseCase("ci", HealthColor.Red, 12.5)], decoded);
    }

    [Fact]
    public void The_allocation_free_color_reader_agrees_with_the_decoder()
    {
        var stored = SnapshotUseCases.Encode(Mixed(), new ArrayBufferWriter<byte>());
        byte[][] ids = [.. Model.UseCases.Select(u => Encoding.UTF8.GetBytes(u.Id)).Reverse()];
        var colors = new byte[ids.Length];

        SnapshotUseCases.ReadColors(Encoding.UTF8.GetBytes(stored), ids, colors);

        var expected = SnapshotUseCases.Colors(stored);
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(expected[Encoding.UTF8.GetString(ids[i])], (HealthColor)colors[i]);
        }
    }

    [Fact]
    public void The_color_reader_leaves_the_rest_unknown_when_a_cell_is_cut_short()
    {
        byte[][] ids = [.. Model.UseCases.Select(u => Encoding.UTF8.GetBytes(u.Id))];
        var colors = new byte[ids.Length];

        SnapshotUseCases.ReadColors("{\"scm\":{\"color\":\"green\"},\"ci\":{\"col"u8, ids, colors);

        Assert.Equal([(byte)HealthColor.Green, 0, 0, 0], colors);
    }
}
