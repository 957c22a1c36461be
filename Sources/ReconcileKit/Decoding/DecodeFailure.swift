/// Why a file could not be decoded (it is quarantined) or a record was rejected. Messages name the
/// place and what was expected, never a value from the input.
public struct DecodeFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public let location: Location?
    public let reason: String

    public init(_ reason: String, at location: Location? = nil) {
        self.reason = reason
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): \(reason)" }
        return reason
    }
}
