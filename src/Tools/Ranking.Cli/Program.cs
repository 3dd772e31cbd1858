using System.CommandLine;

var root = new RootCommand("ranking: train, evaluate and serve learning-to-rank models for the marketplace");
return await root.Parse(args).InvokeAsync();
