using PlatformBot.Data.Storage;

namespace PlatformBot.Data.Tests.Storage;

public sealed class MetricColumnsTests
{
    [Fact]
    public void A_sound_vector_decodes_every_cell_and_reports_nothing_bad()
    {
        var values = new double?[3];

        var bad = MetricColumns.Decode("400,,9223372036854775807", [0, 1, 2], values);

        Assert.Equal(0, bad);
        Assert.Equal([400, null, 9223372036854775807d], values);
    }

    [Fact]
    public void Cells_that_are_not_whole_numbers_decode_as_unknown_and_are_counted_instead_of_throwing()
    {
        var values = new double?[4];

        // An instance id where a count belongs (issue 10), a count past 64 bits, a sign, and one sound cell.
        var bad = MetricColumns.Decode("i-2,99999999999999999999,-3,180", [0, 1, 2, 3], values);

        Assert.Equal(3, bad);
        Assert.Equal([null, null, null, 180], values);
    }

    [Fact]
    public void A_bad_cell_in_a_slot_the_model_does_not_read_is_not_counted()
    {
        var values = new double?[1];

        var bad = MetricColumns.Decode("junk,7", [-1, 0], values);

        Assert.Equal(0, bad);
        Assert.Equal([7], values);
    }
}
