import Foundation
import STTCore

/// Stops `node` on Ctrl-C (SIGINT) or SIGTERM, then runs `then`.
final class SignalStop: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    init(_ action: @escaping @Sendable () async -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { Task { await action() } }
            source.resume()
            sources.append(source)
        }
    }
}
