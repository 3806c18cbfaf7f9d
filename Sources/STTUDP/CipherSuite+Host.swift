import Foundation
import STTCore

extension CipherSuite {
    /// AES-256-GCM where this CPU has AES instructions (x86 `aes`, ARM `aes` in `/proc/cpuinfo`),
    /// ChaCha20-Poly1305 elsewhere or when the CPU cannot be read: software AES is several times
    /// slower than ChaCha20 and harder to keep constant-time.
    public static let preferredOnThisHost: CipherSuite = preferred(cpuinfo: cpuInformation())

    /// The choice `preferredOnThisHost` makes for a `/proc/cpuinfo` text (nil: unreadable).
    public static func preferred(cpuinfo: String?) -> CipherSuite {
        guard let cpuinfo else { return .chaChaPoly }
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            guard key == "flags" || key == "Features" else { continue }
            if parts[1].split(separator: " ").contains("aes") { return .aesGCM }
        }
        return .chaChaPoly
    }

    private static func cpuInformation() -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/cpuinfo") else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
