namespace Harness.Reports.Charts;

/// <summary>A chart written to disk as PNG and SVG.</summary>
/// <param name="Id">File stem and HTML anchor, e.g. <c>ttft-cdf</c>.</param>
/// <param name="Title">The chart's title.</param>
/// <param name="Caption">One or two sentences on how to read it.</param>
/// <param name="PngPath">The PNG file.</param>
/// <param name="SvgPath">The SVG file.</param>
/// <param name="Width">Pixels.</param>
/// <param name="Height">Pixels.</param>
public sealed record RenderedChart(string Id, string Title, string Caption, string PngPath, string SvgPath, int Width, int Height);
