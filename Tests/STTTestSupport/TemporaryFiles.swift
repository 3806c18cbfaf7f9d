import Foundation

/// A path in the temporary directory that no other test uses (the file is not created).
public func temporaryFile(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("stt-test-\(UUID().uuidString)-\(name)").path
}

/// Removes files a test wrote (missing ones are fine).
public func remove(_ paths: String...) { for p in paths { try? FileManager.default.removeItem(atPath: p) } }
