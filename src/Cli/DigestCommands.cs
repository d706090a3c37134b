using System.CommandLine;
using ClausesSociales.Digests;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>`clauses subscribe`, `clauses unsubscribe` (admins) and `clauses digest --week 2026-W48 [--send]`.</summary>
internal static class DigestCommands
{
    public static Command Subscribe()
    {
        var id = new Option<string>("--id") { Description = "buyer's SIRET or eForms organisation identifier", Required = true };
        var name = new Option<string>("--name") { Description = "organisation name", Required = true };
        var email = new Option<string>("--email") { Description = "e-mail address", Required = true };
        var departments = new Option<string[]>("--departments") { Description = "restrict the digest to these departments" };
        var buyer = new Command("buyer", "Subscribe a buyer to the weekly digest") { id, name, email, departments };
        buyer.SetAction((r, ct) => LocalStorage.WithServicesAsync(async services =>
        {
            var subscription = SubscriptionEntity.Buyer(r.GetValue(id)!, r.GetValue(name)!, r.GetValue(email)!, r.GetValue(departments) ?? []);
            await services.GetRequiredService<ClausesStorage>().EnsureCreatedAsync(ct);
            await services.GetRequiredService<ClausesStorage>().Table(StorageNames.Subscriptions).UpsertEntityAsync(subscription, cancellationToken: ct);
            AnsiConsole.MarkupLine($"subscribed {Markup.Escape(subscription.Name)} <{Markup.Escape(subscription.Email)}>");
            return 0;
        }, ct));
        var siret = new Option<string>("--siret") { Description = "structure's SIRET", Required = true };
        var structureName = new Option<string>("--name") { Description = "structure name", Required = true };
        var structureEmail = new Option<string>("--email") { Description = "e-mail address", Required = true };
        var frequency = new Option<string>("--frequency") { Description = "immediate, daily or weekly", DefaultValueFactory = _ => "weekly" };
        var sectors = new Option<string[]>("--sectors") { Description = "extra CPV prefixes the structure answers" };
        var area = new Option<string?>("--area") { Description = "area instead of the directory's: 30km, dep:93,94, reg:11 or national" };
        var structure = new Command("structure", "Subscribe an ESS structure to alerts") { siret, structureName, structureEmail, frequency, sectors, area };
        structure.SetAction((r, ct) => LocalStorage.WithServicesAsync(async services =>
        {
            SubscriptionEntity subscription;
            try
            {
                subscription = SubscriptionEntity.Structure(r.GetValue(siret)!, r.GetValue(structureName)!, r.GetValue(structureEmail)!, r.GetValue(frequency)!,
                    r.GetValue(sectors), r.GetValue(area));
            }
            catch (ArgumentException ex)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
                return 2;
            }
            await services.GetRequiredService<ClausesStorage>().EnsureCreatedAsync(ct);
            await services.GetRequiredService<ClausesStorage>().Table(StorageNames.Subscriptions).UpsertEntityAsync(subscription, cancellationToken: ct);
            AnsiConsole.MarkupLine($"subscribed {Markup.Escape(subscription.Name)} <{Markup.Escape(subscription.Email)}> ({subscription.Frequency})");
            return 0;
        }, ct));
        return new Command("subscribe", "Subscribe an organisation") { buyer, structure };
    }

    public static Command Unsubscribe()
    {
        var id = new Option<string>("--id") { Description = "buyer's SIRET or eForms organisation identifier", Required = true };
        var buyer = new Command("buyer", "Unsubscribe a buyer") { id };
        buyer.SetAction((r, ct) => LocalStorage.WithServicesAsync(async services =>
        {
            var table = services.GetRequiredService<ClausesStorage>().Table(StorageNames.Subscriptions);
            var response = await table.DeleteEntityAsync(nameof(SubscriberKind.Buyer), TableKeys.Safe(r.GetValue(id)!), cancellationToken: ct);
            AnsiConsole.MarkupLine(response.Status == 404 ? "no such subscription" : "unsubscribed");
            return 0;
        }, ct));
        var siret = new Option<string>("--siret") { Description = "structure's SIRET", Required = true };
        var structure = new Command("structure", "Unsubscribe an ESS structure") { siret };
        structure.SetAction((r, ct) => LocalStorage.WithServicesAsync(async services =>
        {
            var table = services.GetRequiredService<ClausesStorage>().Table(StorageNames.Subscriptions);
            var response = await table.DeleteEntityAsync(nameof(SubscriberKind.Structure), TableKeys.Safe(r.GetValue(siret)!), cancellationToken: ct);
            AnsiConsole.MarkupLine(response.Status == 404 ? "no such subscription" : "unsubscribed");
            return 0;
        }, ct));
        return new Command("unsubscribe", "Unsubscribe an organisation") { buyer, structure };
    }

    public static Command Alerts()
    {
        var command = new Command("alerts", "Alert subscribed ESS structures about the new lots they match (e-mailed when SMTP is configured)");
        command.SetAction((r, ct) => LocalStorage.WithServicesAsync(async services =>
        {
            var summary = await services.GetRequiredService<AlertsHandler>().HandleAsync(ct);
            var table = new Table().AddColumns("Structures", "Due", "Alerts sent", "Lots");
            table.AddRow($"{summary.Structures}", $"{summary.Due}", $"{summary.Sent}", $"{summary.Lots}");
            AnsiConsole.Write(table);
            if (!summary.SmtpConfigured) AnsiConsole.MarkupLine("[yellow]no SMTP server configured (ClausesSociales__SmtpHost): alerts written to blobs only, and sent later[/]");
            return 0;
        }, ct));
        return command;
    }

    public static Command Digest()
    {
        var week = new Option<string>("--week") { Description = "ISO week, such as 2026-W48 (default: this week)" };
        var send = new Option<bool>("--send") { Description = "send by e-mail (once per recipient and week); otherwise preview only" };
        var command = new Command("digest", "Write (and with --send, e-mail) the weekly digests") { week, send };
        command.SetAction((r, ct) => LocalStorage.WithServicesAsync(async services =>
        {
            var iso = r.GetValue(week) ?? IsoWeeks.Of(DateOnly.FromDateTime(DateTime.Today));
            var summary = await services.GetRequiredService<WeeklyDigestHandler>().HandleAsync(iso, r.GetValue(send), ct);
            var table = new Table().AddColumns("Week", "Buyers", "Written", "Sent", "Already sent", "Empty");
            table.AddRow(summary.IsoWeek, $"{summary.Recipients}", $"{summary.Written}", $"{summary.Sent}", $"{summary.AlreadySent}", $"{summary.Empty}");
            AnsiConsole.Write(table);
            if (!summary.SmtpConfigured) AnsiConsole.MarkupLine($"[yellow]no SMTP server configured (ClausesSociales__SmtpHost): digests written to blobs and to {Markup.Escape(Path.GetFullPath(summary.LocalFolder ?? "."))} only[/]");
            return 0;
        }, ct));
        return command;
    }
}
