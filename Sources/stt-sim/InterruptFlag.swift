import ArgumentParser
import Crypto
import Foundation
import STTCore
import STTScenario
import STTUDP
import STTUnits

final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    func set() {
        lock.lock()
        flag = true
        lock.unlock()
    }
    var value: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flag
    }
}
