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
        return new Command("subscribe", "Subscribe an organisation") { buyer };
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
        return new Command("unsubscribe", "Unsubscribe an organisation") { buyer };
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
