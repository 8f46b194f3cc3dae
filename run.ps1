#!/usr/bin/env pwsh
# The same verbs as run.sh, for PowerShell users (pwsh: `dotnet tool install --global PowerShell`).
#   ./run.ps1              the main job against the embedded fakes, then the report
#   ./run.ps1 test         restore, build and run every test
#   ./run.ps1 gate ARGS... the benchmark regression gate (benchmarks/Harness.Benchmarks)
#   ./run.ps1 VERB ARGS... build the harness CLI (incrementally) and run `harness VERB ARGS...`
# Set HARNESS_DRY_RUN=1 to print the commands instead of running them (CI checks this).
$ErrorActionPreference = 'Stop'
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

function Test-CliStale {
    if (-not (Test-Path $cliDll)) { return $true }
    $built = (Get-Item $cliDll).LastWriteTimeUtc
    $sources = Get-ChildItem -Recurse -File -Path src, fakes, conformance, reports -Include *.cs, *.csproj, *.json |
        Where-Object { $_.FullName -notmatch '[\\/](obj|bin)[\\/]' }
    $sources += Get-ChildItem -File Directory.Build.props, Directory.Packages.props, global.json
    return [bool]($sources | Where-Object { $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)
}

function Build-Cli {
    if (-not $dryRun -and -not (Test-CliStale)) { return }
    [Console]::Error.WriteLine('run.ps1: building the harness CLI...')
    Invoke-Step @('dotnet', 'build', $cliProject, '-c', 'Release', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly;NoSummary') | Out-Host
    if ($LASTEXITCODE -ne 0) { [Console]::Error.WriteLine('run.ps1: the build failed (see above)'); exit 2 }
    if (-not $dryRun) { (Get-Item $cliDll).LastWriteTimeUtc = [DateTime]::UtcNow }
}

$verb = if ($args.Count -gt 0) { [string]$args[0] } else { '' }
$rest = if ($args.Count -gt 1) { [string[]]$args[1..($args.Count - 1)] } else { [string[]]@() }

switch ($verb) {
    'test' {
        # Built once in parallel, then the test projects run one at a time (-m:1), as run.sh does:
        # eight test processes at once on two cores starve the loopback timing tests.
        Invoke-Step @('dotnet', 'build', 'Harness.sln', '-c', 'Release', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly;NoSummary') | Out-Host
        if ($LASTEXITCODE -ne 0) { [Console]::Error.WriteLine('run.ps1: the build failed (see above)'); exit 2 }
        Invoke-Step (@('dotnet', 'test', 'Harness.sln', '-c', 'Release', '--nologo', '--no-build', '-m:1') + $rest)
        exit $LASTEXITCODE
    }
    '' {
        Build-Cli
        Invoke-Step @('dotnet', $cliDll)
        exit $LASTEXITCODE
    }
    'gate' {
        # Always built (incrementally): the gate runs the benchmark suites in the benchmarks process.
        Invoke-Step @('dotnet', 'build', 'benchmarks/Harness.Benchmarks/Harness.Benchmarks.csproj', '-c', 'Release', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly;NoSummary') | Out-Host
        if ($LASTEXITCODE -ne 0) { [Console]::Error.WriteLine('run.ps1: the build failed (see above)'); exit 2 }
        Invoke-Step (@('dotnet', 'artifacts/bin/Harness.Benchmarks/release/Harness.Benchmarks.dll', 'gate') + $rest)
        exit $LASTEXITCODE
    }
    default {
        Build-Cli
        Invoke-Step (@('dotnet', $cliDll) + [string[]]$args)
        exit $LASTEXITCODE
    }
}
