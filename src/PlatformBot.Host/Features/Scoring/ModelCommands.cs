using System.CommandLine;
using Microsoft.Extensions.Options;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Scoring;

/// <summary>`platformbot models`: the bundled scoring models and which one the settings select.</summary>
public static class ModelCommands
{
    public static Command Models(IServiceProvider services)
    {
        var command = new Command("models", "List the bundled scoring models (Scoring:Model) and the one selected.");
        command.SetAction(async (_, _) =>
        {
            var options = services.GetRequiredService<IOptions<ScoringOptions>>().Value;
            var selected = BundledModels.Select(options);
            var byFile = !string.IsNullOrWhiteSpace(options.ModelFile);
            var rows = BundledModels.Names
                .Select(n => (Name: n, Model: BundledModels.Load(n)))
                .Select(r => (r.Name, r.Model, Selected: !byFile && r.Model.Version == selected.Version && r.Model.Id == selected.Id))
                .ToList();
            var width = Math.Max(rows.Max(r => r.Name.Length), "name".Length);
            await Console.Out.WriteLineAsync($"  {"name".PadRight(width)}  {"version",-16}  use cases");
            foreach (var (name, model, isSelected) in rows)
            {
                await Console.Out.WriteLineAsync($"{(isSelected ? "* " : "  ")}{name.PadRight(width)}  {model.Version,-16}  {UseCases(model)}{(isSelected ? "  (selected)" : string.Empty)}");
            }

            if (byFile)
            {
                await Console.Out.WriteLineAsync($"* {options.ModelFile}  {selected.Version}  {UseCases(selected)}  (selected by Scoring:ModelFile)");
            }

            await Console.Error.WriteLineAsync($"Select one with Scoring:Model=NAME; the files are in {BundledModels.Directory}.");
            return 0;
        });
        return command;
    }

    private static string UseCases(ScoringModel model) => string.Join(", ", model.UseCases.Select(u => u.Id));
}
