using Harness.Cli;
using Harness.Clients;

// Before anything opens a socket or uses the shared array pool: the runtime reads each setting once.
SocketRuntime.PreferInlineCompletions();
BufferPoolRuntime.PreferLargerPool();
return await CliApp.RunAsync(args, Console.Out, Console.Error);
