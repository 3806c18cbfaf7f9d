import ArgumentParser
import Foundation
import STTCore
import STTScenario
import STTUnits

/// `stt-sim run FILE`: runs a scenario in the simulator and checks its expectations.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario file in the deterministic simulator and check its expectations.",
        discussion: """
            Exit codes: 0 every expectation held, 1 one failed (or a capture could not be written \
            completely), 2 the file or a flag is invalid. See docs/SCENARIOS.md and docs/CAPTURES.md.
            """)

    @Argument(help: "The scenario file (JSON).")
    var file: String

    @Option(name: .long, help: "Use this seed instead of the scenario's.")
    var seed: UInt64?

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    @Option(
        name: .long,
        help:
            "Write every link fate and transport event (packets, losses, metrics, credits) to this file as JSON Lines (docs/TRACE.md)."
    )
    var trace: String?

    @Option(
        name: .long,
        help: "Write a self-contained HTML report (charts of goodput, time-sequence, window, RTT, queues) to this file."
    )
    var report: String?

    @Option(
        name: .long,
        help:
            "Write the sampled metrics (window, RTT, rates, queues, drops) to this CSV file in long form: time_s,entity,metric,value."
    )
    var timeseries: String?

    @Flag(name: .long, help: "Run twice and check that both runs have the same fingerprint.")
    var checkDeterminism = false

    @Flag(name: .long, help: "Print nothing but errors; the exit code tells the result.")
    var quiet = false

    @Flag(name: .long, help: "Log session events and protocol detail to standard error.")
    var verbose = false

    enum Transport: String, ExpressibleByArgument, CaseIterable { case sim, udp }

    @Option(
        name: .long,
        help:
            "sim: the deterministic simulator (default); udp: real loopback sockets in wall-clock time, the scenario's links as an in-process shim."
    )
    var transport: Transport = .sim

    @Flag(
        name: .customLong("deterministic-keys"),
        help:
            "With --transport udp: draw keys and session ids from the scenario's seed, as the simulator does (for tests only: anyone who knows the seed can decrypt)."
    )
    var deterministicKeys = false

    @Option(name: .long, help: "Write a pcap capture (open it in Wireshark with Tools/wireshark/sttp.lua).")
    var pcap: String?

    @Option(name: .long, help: "Write each session's packet keys to this file (for `stt-sim analyze --keylog`).")
    var keylog: String?

    @Option(
        name: .customLong("pcap-nodes"),
        help: "Capture only on these nodes (comma-separated ids; default: every endpoint).")
    var pcapNodes: String?

    @Option(
        name: .customLong("pcap-direction"), help: "What to capture: tx (emitted, default), rx (delivered) or both.")
    var pcapDirection: CaptureDirection?

    @Flag(name: .customLong("pcap-per-node"), help: "One capture file per node: FILE-<node>.pcap.")
    var pcapPerNode = false

    @Option(name: .long, help: "Bytes kept per captured packet, IP/UDP headers included (60...262144; default 65535).")
    var snaplen: Int?

    func validate() throws {
        if transport == .udp, checkDeterminism {
            throw ValidationError(
                "--check-determinism needs the simulator: real sockets and the wall clock are not deterministic")
        }
        if deterministicKeys, transport != .udp {
            throw ValidationError(
                "--deterministic-keys applies to --transport udp (the simulator is always deterministic)")
        }
        if let snaplen, !(60...262_144).contains(snaplen) {
            throw ValidationError("--snaplen must be between 60 and 262144 (got \(snaplen))")
        }
    }

    /// The scenario's capture settings with the command line's on top.
    private func captureSettings(_ scenario: Scenario) throws -> CaptureSettings {
        var c = scenario.capture
        if let pcap { c.file = pcap }
        if let keylog { c.keylog = keylog }
        if let pcapDirection { c.direction = pcapDirection }
        if pcapPerNode { c.perNode = true }
        if let snaplen { c.snapLength = snaplen }
        if let pcapNodes {
            let ids = scenario.nodes.map(\.id)
            c.nodes = try pcapNodes.split(separator: ",").map { name in
                guard let i = ids.firstIndex(of: String(name)) else {
                    throw ValidationError(
                        "--pcap-nodes: unknown node \"\(name)\"; nodes are: \(ids.joined(separator: ", "))")
                }
                return i
            }
        }
        if c.file == nil, pcapNodes != nil || pcapDirection != nil || pcapPerNode || snaplen != nil {
            throw ValidationError(
                "--pcap-nodes, --pcap-direction, --pcap-per-node and --snaplen need --pcap FILE (or capture.file in the scenario)"
            )
        }
        return c
    }

    func run() throws {
        let scenario = try loadScenario(file)
        let capture = try captureSettings(scenario)
        let traceFile = try trace.map { try OutputFile(path: $0, what: "the trace") }
        let (report, runner, observer) = try execute(
            scenario, trace: traceFile, capture: capture, observe: self.report != nil || timeseries != nil,
            progress: !quiet && !json && isatty(2) == 1)
        var outputErrors = traceFile?.close().map { [$0] } ?? []
        if let observer { outputErrors += writeObservations(observer, scenario, report, runner) }
        if verbose { logSessionEvents(runner) }
        var determinism: (Bool, String)?
        if checkDeterminism {
            let (again, _, _) = try execute(scenario, trace: nil, capture: nil, observe: false, progress: false)
            determinism = (again.fingerprint == report.fingerprint, again.fingerprint)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else if !quiet {
            print(ReportTable.render(report))
            if let (same, other) = determinism {
                print(
                    same
                        ? "determinism: second run has the same fingerprint"
                        : "determinism: FAILED, second run got \(other)")
            }
        }
        let writeErrors = (report.capture?.errors ?? []) + outputErrors
        for e in writeErrors { printError("error: \(e)") }
        if determinism?.0 == false || !report.passed || !writeErrors.isEmpty { throw ExitCode(1) }
    }

    /// `--verbose`: every node's session and stream events in the order they happened, stamped
    /// with simulated time (real time over sockets), then each node's drops.
    private func logSessionEvents(_ runner: ScenarioRunner) {
        let sim = runner.simulation
        for (time, node, event) in sim.timedEvents() {
            switch event {
            case .sessionEstablished, .sessionFailed, .sessionClosed, .streamOpened, .streamFinished:
                printError("\(UnitFormat.seconds((time - .zero).seconds)) \(sim.name(of: node)): \(event)")
            default: break
            }
        }
        for n in 0..<sim.nodeCount {
            if let e = sim.endpoint(n), e.drops.total > 0 {
                let drops = e.drops.nonZero.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
                printError("end \(sim.name(of: n)): dropped \(drops)")
            }
        }
    }
}
