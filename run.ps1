#!/usr/bin/env pwsh
# The same verbs as run.sh, for PowerShell users (pwsh: `dotnet tool install --global PowerShell`).
#   ./run.ps1              the main job against the embedded fakes, then the report
#   ./run.ps1 test         restore, build and run every test
#   ./run.ps1 gate ARGS... the benchmark regression gate (benchmarks/Harness.Benchmarks)
#   ./run.ps1 publish DIR  a self-contained linux-x64 harness in DIR (the command run.sh and the
#                          Dockerfile run)
#   ./run.ps1 VERB ARGS... build the harness CLI (incrementally) and run `harness VERB ARGS...`
# Set HARNESS_DRY_RUN=1 to print the commands instead of running them (CI checks this).
$ErrorActionPreference = 'Stop'
$caller = (Get-Location).Path
Set-Location -LiteralPath $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$dryRun = $env:HARNESS_DRY_RUN -eq '1'

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    [Console]::Error.WriteLine('run.ps1: the .NET SDK (dotnet) is not on PATH; install .NET 10 first')
    exit 2
}

$cliProject = 'src/Harness.Cli/Harness.Cli.csproj'
$cliDll = 'artifacts/bin/Harness.Cli/release/harness.dll'
$benchProject = 'benchmarks/Harness.Benchmarks/Harness.Benchmarks.csproj'
$benchDll = 'artifacts/bin/Harness.Benchmarks/release/Harness.Benchmarks.dll'

# Runs a command with the console as its stdin/stdout (nothing captured), leaving its exit code
# in $global:LASTEXITCODE.
function Invoke-Step([string[]] $command) {
    if ($dryRun) {
        [Console]::Out.WriteLine("would run: " + ($command -join ' '))
        $global:LASTEXITCODE = 0
        return
    }
    & $command[0] $command[1..($command.Length - 1)]
}

# Builds $project when a source or build file under $folders (or a root build file) is newer
# than $dll, as run.sh does: a no-op `dotnet build` still costs seconds of MSBuild evaluation.
function Build-IfStale([string] $project, [string] $dll, [string] $what, [string[]] $folders) {
    if (-not $dryRun -and (Test-Path $dll)) {
        $built = (Get-Item $dll).LastWriteTimeUtc
        $sources = Get-ChildItem -Recurse -File -Path $folders -Include *.cs, *.csproj, *.props, *.json |
            Where-Object { $_.FullName -notmatch '[\\/](obj|bin)[\\/]' }
        $sources += Get-ChildItem -File Directory.Build.props, Directory.Packages.props, global.json
        if (-not ($sources | Where-Object { $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)) { return }
    }
    [Console]::Error.WriteLine("run.ps1: building $what...")
    Invoke-Step @('dotnet', 'build', $project, '-c', 'Release', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly;NoSummary') | Out-Host
    if ($LASTEXITCODE -ne 0) { [Console]::Error.WriteLine('run.ps1: the build failed (see above)'); exit 2 }
    if (-not $dryRun) { (Get-Item $dll).LastWriteTimeUtc = [DateTime]::UtcNow }
}

function Build-Cli { Build-IfStale $cliProject $cliDll 'the harness CLI' @('src', 'fakes', 'conformance', 'reports') }

# For the harness's own verbs, as run.sh: no delay before hot code is recompiled (a second on one
# CPU, which left measured seconds on unoptimised code; docs/load.md, JIT priming), and a 32 MB
# floor for the young generation (on one CPU workstation GC's 6 MB was collected every second under
# load; docs/notes/harness-pauses.md). Yours win.
function Set-HarnessRuntimeEnv {
    if (-not $env:DOTNET_TC_CallCountingDelayMs) { $env:DOTNET_TC_CallCountingDelayMs = '0' }
    if (-not $env:DOTNET_GCgen0size) { $env:DOTNET_GCgen0size = '0x2000000' }
}

$verb = if ($args.Count -gt 0) { [string]$args[0] } else { '' }
[string[]]$rest = if ($args.Count -gt 1) { [string[]]$args[1..($args.Count - 1)] } else { [string[]]@() }

switch ($verb) {
    { $_ -in @('-h', '--help', '-?', 'help') } {
        [Console]::Out.WriteLine(@'
run.ps1: the harness's one entry point (./run.sh takes the same in bash)
  ./run.ps1               the main job: sse, sse-h2 and ws against the embedded fake, then the report
  ./run.ps1 test [ARGS]   build and run every test (ARGS go to dotnet test, e.g. --filter NAME)
  ./run.ps1 gate [ARGS]   the benchmark regression gate (./run.ps1 gate --help)
  ./run.ps1 publish DIR   a self-contained linux-x64 harness in DIR
  ./run.ps1 VERB ARGS...  harness VERB ARGS..., one of the verbs below (./run.ps1 VERB --help)

'@)
        Build-Cli
        Invoke-Step @('dotnet', $cliDll, '--help')
        exit $LASTEXITCODE
    }
    'test' {
        # Built once in parallel, then the test projects run one at a time (-m:1), as run.sh does:
        # eight test processes at once on two cores starve the loopback timing tests.
        Invoke-Step @('dotnet', 'build', 'Harness.sln', '-c', 'Release', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly;NoSummary') | Out-Host
        if ($LASTEXITCODE -ne 0) { [Console]::Error.WriteLine('run.ps1: the build failed (see above)'); exit 2 }
        $results = 'artifacts/test-results'
        if (-not $dryRun) { Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $results }
        Invoke-Step (@('dotnet', 'test', 'Harness.sln', '-c', 'Release', '--nologo', '--no-build', '-m:1', '--results-directory', $results) + $rest)
        $rc = $LASTEXITCODE
        # One plain closing line, summed over every test project's .trx <Counters> as run.sh does
        # (a skipped xunit test is in total but not in executed).
        $trx = if ($dryRun) { @() } else { @(Get-ChildItem -File -Path $results -Filter *.trx -ErrorAction SilentlyContinue) }
        if ($trx.Count -gt 0) {
            $passed = 0; $failed = 0; $skipped = 0
            foreach ($file in $trx) {
                $counters = ([xml](Get-Content -Raw -LiteralPath $file.FullName)).TestRun.ResultSummary.Counters
                $passed += [int]$counters.passed
                $failed += [int]$counters.failed
                $skipped += [int]$counters.total - [int]$counters.executed
            }
            [Console]::Out.WriteLine("tests: $passed passed, $failed failed, $skipped skipped")
        }
        exit $rc
    }
    'publish' {
        if ($rest.Count -ne 1 -or -not $rest[0]) { [Console]::Error.WriteLine('run.ps1: usage: ./run.ps1 publish DIR'); exit 2 }
        $out = if ([System.IO.Path]::IsPathRooted($rest[0])) { $rest[0] } else { Join-Path $caller $rest[0] }
        Invoke-Step @('dotnet', 'publish', $cliProject, '-c', 'Release', '-r', 'linux-x64', '--self-contained', 'true', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly', '-o', $out)
        exit $LASTEXITCODE
    }
    '' {
        Build-Cli
        Set-HarnessRuntimeEnv
        Invoke-Step @('dotnet', $cliDll)
        exit $LASTEXITCODE
    }
    'gate' {
        # The gate runs the benchmark suites in the benchmarks process.
        Build-IfStale $benchProject $benchDll 'the benchmarks' @('src', 'fakes', 'benchmarks')
        Invoke-Step (@('dotnet', $benchDll, 'gate') + $rest)
        exit $LASTEXITCODE
    }
    default {
        Build-Cli
        Set-HarnessRuntimeEnv
        Invoke-Step (@('dotnet', $cliDll) + [string[]]$args)
        exit $LASTEXITCODE
    }
}
