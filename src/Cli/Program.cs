using System.CommandLine;
using ClausesSociales.Cli;

var root = new RootCommand("clauses: public tenders that could carry a social or environmental clause, and the ESS structures able to answer them")
{
    ParseCommand.Create(),
    IngestCommand.Create(),
    CollectCommand.Create(),
    BenchCommand.Create(),
    RunCommand.Create(),
    HostCommand.Create(),
    ModelCommands.Retrain(),
    ModelCommands.Rescore(),
    ModelCommands.Show(),
    StructuresCommand.Create(),
    DecpCommands.Create(),
    ObservatoryCommand.Create(),
    MatchCommand.Create(),
    ClassifierCommands.Train(),
    ClassifierCommands.Eval(),
    ClassifierCommands.Classify(),
    DigestCommands.Subscribe(),
    DigestCommands.Unsubscribe(),
    DigestCommands.Digest(),
    DigestCommands.Alerts(),
};
return await root.Parse(args).InvokeAsync();
