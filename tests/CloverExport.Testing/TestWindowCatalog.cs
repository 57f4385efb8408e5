using CloverExport.Core.Orchestration;
using CloverExport.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CloverExport.Testing;

/// <summary>A <see cref="WindowCatalog"/> built by hand, as the pipeline would with default settings: export defaults, the system clock, no logging.</summary>
public static class TestWindowCatalog
{
    public static WindowCatalog Over(ExportContainer container) =>
        new(container, TimeProvider.System, Options.Create(new ExportOptions()), NullLogger<WindowCatalog>.Instance);
}
