using CloverExport.Core.Configuration;
using CloverExport.Functions.Configuration;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddCloverExportTelemetry();
builder.Services.AddCloverExportOpenTelemetry(builder.Configuration);
// The Azure SDK logs every storage request at Information through Microsoft.Extensions.Azure: keep its warnings only.
builder.Logging.AddFilter("Azure", LogLevel.Warning);
builder.Services.AddCloverExportPipeline(builder.Configuration);
builder.Services.AddCloverExportFunctions(builder.Configuration);

await builder.Build().RunAsync();
