using Harness.Cli;
using Harness.Clients;

// Before anything opens a socket: the runtime reads the switch once.
SocketRuntime.PreferInlineCompletions();
return await CliApp.RunAsync(args, Console.Out, Console.Error);
