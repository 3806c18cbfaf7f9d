import STTReport
import STTScenario

extension RunCommand {
    /// Writes `--report` and `--timeseries` from what the observer kept; returns write errors
    /// (the run's result stands: a report that could not be written is reported, not fatal).
    func writeObservations(
        _ observer: RunObserver, _ scenario: Scenario, _ report: ScenarioReport, _ runner: ScenarioRunner
    ) -> [String] {
        var errors: [String] = []
        let simulation = runner.simulation
        if let path = timeseries {
            let csv = observer.timeSeriesCSV(nodeName: { simulation.name(of: $0) })
            if let e = OutputFile.write(csv, to: path, what: "the time series") { errors.append(e) }
        }
        if let path = self.report {
            let context = RunReportBuilder.context(
                scenario, report, simulation, file: file, transport: transport.rawValue)
            if let e = OutputFile.write(HTMLReport.render(context, observer), to: path, what: "the report") {
                errors.append(e)
            }
        }
        return errors
    }

}
