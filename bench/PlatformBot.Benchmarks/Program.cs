using BenchmarkDotNet.Running;

// cd bench/PlatformBot.Benchmarks && dotnet run -c Release -- --filter '*ScoringEngine*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
