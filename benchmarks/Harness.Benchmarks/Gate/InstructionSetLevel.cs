using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Harness.Benchmarks.Gate;

/// <summary>
/// The vector instruction set this process runs with, named as the x86-64 micro-architecture
/// levels are (or the architecture elsewhere). The gate keeps one baseline per level: the same
/// parser against the same scan reads 0.75 of the scan's time with AVX-512 and 1.2 with AVX2 on
/// the same VM type (2026-12-02), so a baseline from one level would fail or excuse the other.
/// </summary>
public static class InstructionSetLevel
{
    /// <summary>
    /// <c>x86-64-v4</c> (AVX-512 in use), <c>x86-64-v3</c> (AVX2), <c>x86-64</c> (older x64), else
    /// the architecture (<c>arm64</c>, ...). <c>DOTNET_EnableAVX512F=0</c> and the like change it, as
    /// they change the code the JIT emits.
    /// </summary>
    public static string Current()
    {
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            return Vector512.IsHardwareAccelerated ? "x86-64-v4" : Avx2.IsSupported ? "x86-64-v3" : "x86-64";
        }

        return RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
    }
}
