using ClausesSociales.Classification;
using ClausesSociales.Cli;

namespace ClausesSociales.Tests.Cli;

/// <summary>`clauses train --l2`: a bare penalty is every head's, "label=penalty" one head's; the others keep their defaults.</summary>
public sealed class TrainOptionsTests
{
    [Fact]
    public void L2PenaltiesAreReadForEveryHeadOrOne()
    {
        var one = ClassifierCommands.L2Penalties(["reserved=0.001", "reserved=auto"]);
        Assert.Equal([0.001f, null], one(Labels.Reserved));
        Assert.Equal(LotClassifierTrainer.DefaultL2Penalties(Labels.Green), one(Labels.Green));
        Assert.Equal([null], LotClassifierTrainer.DefaultL2Penalties(Labels.Social));

        var every = ClassifierCommands.L2Penalties(["0.01", "green=0.0003"]);
        Assert.Equal([0.01f], every(Labels.Social));
        Assert.Equal([0.01f], every(Labels.Reserved));
        Assert.Equal([0.0003f], every(Labels.Green));
    }

    [Theory]
    [InlineData("environment=0.001", "unknown label 'environment'")]
    [InlineData("-1", "'-1' is not a positive number or auto")]
    [InlineData("reserved=beaucoup", "'beaucoup' is not a positive number or auto")]
    public void AWrongPenaltyIsRefusedWithWhatIsWrong(string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ClassifierCommands.L2Penalties([value]));
        Assert.Contains(message, error.Message);
    }
}
