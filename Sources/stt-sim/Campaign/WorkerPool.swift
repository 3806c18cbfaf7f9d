import Foundation
import NIOConcurrencyHelpers

/// Runs a campaign's jobs in worker processes (`stt-sim campaign worker …`), one job per line
/// on a worker's standard input and one result line back. Jobs are handed out in index order
/// and the results are kept by index, so the output does not depend on which worker finished
/// first. A budget stops the hand-out; every job handed out still finishes, so the jobs done
/// are a prefix. A worker that dies (a trap, a signal) costs only its job: the job's result
/// says how it died, and a fresh worker takes the next one.
final class WorkerPool: Sendable {
    enum Outcome: Sendable {
        case line(String)
        /// How the worker died running the job, e.g. "signal 4 (SIGILL, a Swift trap)".
        case died(String)
    }

    private let executable: String
    private let arguments: [String]
    let workers: Int

    init(arguments: [String], workers: Int) {
        executable = Self.ownExecutable()
        self.arguments = arguments
        self.workers = max(1, workers)
    }

    /// Runs jobs `0 ..< count` (`job(i)` is the line sent) until done or past `deadline`;
    /// `progress` is called about every 2 s with the number finished. Returns every result of
    /// the prefix handed out (nil beyond it).
    func run(
        count: Int, deadline: Date?, job: @escaping @Sendable (Int) -> String,
        progress: (Int) -> Void = { _ in }
    ) -> [Outcome?] {
        signal(SIGPIPE, SIG_IGN)  // a dead worker's pipe must not kill the campaign
        let state = NIOLockedValueBox(State(results: Array(repeating: nil, count: count)))
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<min(workers, max(count, 1)) {
            let thread = Thread { [self] in
                serve(state: state, count: count, deadline: deadline, job: job)
                finished.signal()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        var remaining = min(workers, max(count, 1))
        while remaining > 0 {
            if finished.wait(timeout: .now() + 2) == .success {
                remaining -= 1
            } else {
                progress(state.withLockedValue { $0.finished })
            }
        }
        return state.withLockedValue { $0.results }
    }

    private struct State {
        var results: [Outcome?]
        var next = 0
        var finished = 0
    }

    private func serve(state: NIOLockedValueBox<State>, count: Int, deadline: Date?, job: (Int) -> String) {
        var worker: Worker?
        while true {
            let index: Int? = state.withLockedValue { s in
                guard s.next < count, deadline.map({ Date() < $0 }) ?? true else { return nil }
                s.next += 1
                return s.next - 1
            }
            guard let index else { break }
            let outcome: Outcome
            do {
                if worker == nil { worker = try Worker(executable: executable, arguments: arguments) }
                outcome = worker?.ask(job(index)) ?? .died("no worker")
            } catch {
                outcome = .died("could not start a worker: \(error)")
            }
            if case .died = outcome { worker = nil }
            state.withLockedValue { s in
                s.results[index] = outcome
                s.finished += 1
            }
        }
        worker?.finish()
    }

    /// This program's path, so that workers run the same binary.
    private static func ownExecutable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return CommandLine.arguments[0]
    }
}

/// One worker process and its pipes.
private final class Worker {
    private let process = Process()
    private let input: FileHandle
    private var reader: LineReader

    init(executable: String, arguments: [String]) throws {
        let stdin = Pipe()
        let stdout = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        input = stdin.fileHandleForWriting
        reader = LineReader(stdout.fileHandleForReading.fileDescriptor)
    }

    func ask(_ job: String) -> WorkerPool.Outcome {
        do {
            try input.write(contentsOf: Array((job + "\n").utf8))
        } catch {
            return died()
        }
        if let line = reader.next() { return .line(line) }
        return died()
    }

    private func died() -> WorkerPool.Outcome {
        try? input.close()
        process.waitUntilExit()
        let status = process.terminationStatus
        if process.terminationReason == .uncaughtSignal { return .died("signal \(status) (\(Self.name(status)))") }
        return .died("exit status \(status)")
    }

    func finish() {
        try? input.write(contentsOf: Array("exit\n".utf8))
        try? input.close()
        process.waitUntilExit()
    }

    private static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGILL: return "SIGILL, a Swift runtime trap"
        case SIGTRAP: return "SIGTRAP, a Swift runtime trap"
        case SIGABRT: return "SIGABRT"
        case SIGSEGV: return "SIGSEGV"
        case SIGBUS: return "SIGBUS"
        case SIGFPE: return "SIGFPE"
        case SIGKILL: return "SIGKILL, perhaps out of memory"
        default: return "signal \(signal)"
        }
    }
}

/// Lines from a file descriptor, read in 64 KiB pieces (one result line can be long).
struct LineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    init(_ fd: Int32) { self.fd = fd }

    /// The next line without its newline; nil at the end of input.
    mutating func next() -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                if start > 1 << 16 {
                    buffer.removeFirst(start)
                    start = 0
                }
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }
}
