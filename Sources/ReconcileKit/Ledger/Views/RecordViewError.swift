/// A stored canonical record that does not have the shape `docs/canonical-forms.md` promises.
/// Names the record and the JSON path; never quotes a value (it may be customer data).
struct RecordViewError: Error, Equatable, Sendable, CustomStringConvertible {
    enum Problem: Equatable, Sendable {
        case missing
        /// Found a JSON value of another type (the type's name, not the value).
        case wrongType(expected: String, found: String)
        /// Right type, unacceptable content (a reason, never the content).
        case invalid(String)
    }

    let kind: RecordKind
    /// The record's id when it could be read.
    let recordID: String?
    /// Dotted JSON path, e.g. `object.metadata`.
    let path: String
    let problem: Problem

    init(kind: RecordKind, recordID: String?, path: String, problem: Problem) {
        self.kind = kind
        self.recordID = recordID
        self.path = path
        self.problem = problem
    }

    var description: String {
        let subject = recordID.map { "\(kind.rawValue) \($0)" } ?? kind.rawValue
        switch problem {
        case .missing: return "\(subject): missing `\(path)`"
        case .wrongType(let expected, let found): return "\(subject): `\(path)` must be \(expected), found \(found)"
        case .invalid(let reason): return "\(subject): `\(path)` \(reason)"
        }
    }
}

/// Field access on a canonical object that reports failures as ``RecordViewError``.
struct CanonicalReader {
    let value: JSONValue
    let kind: RecordKind
    var recordID: String?

    init(_ value: JSONValue, kind: RecordKind) throws(RecordViewError) {
        self.value = value
        self.kind = kind
        guard case .object = value else {
            throw RecordViewError(
                kind: kind, recordID: nil, path: "$", problem: .wrongType(expected: "an object", found: value.typeName))
        }
        if let k = value["kind"] {
            guard k.stringValue == kind.rawValue else {
                throw RecordViewError(
                    kind: kind, recordID: nil, path: "kind", problem: .invalid("is not \(kind.rawValue)"))
            }
        }
    }

    func error(_ path: String, _ problem: RecordViewError.Problem) -> RecordViewError {
        RecordViewError(kind: kind, recordID: recordID, path: path, problem: problem)
    }

    func required(_ key: String) throws(RecordViewError) -> JSONValue {
        guard let v = value[key], !v.isNull else { throw error(key, .missing) }
        return v
    }

    func string(_ key: String) throws(RecordViewError) -> String {
        let v = try required(key)
        guard let s = v.stringValue else { throw error(key, .wrongType(expected: "a string", found: v.typeName)) }
        return s
    }

    func optionalString(_ key: String) throws(RecordViewError) -> String? {
        guard let v = value[key], !v.isNull else { return nil }
        guard let s = v.stringValue else { throw error(key, .wrongType(expected: "a string", found: v.typeName)) }
        return s
    }

    func int(_ key: String) throws(RecordViewError) -> Int64 {
        let v = try required(key)
        guard let i = v.intValue else { throw error(key, .wrongType(expected: "an integer", found: v.typeName)) }
        return i
    }

    func bool(_ key: String) throws(RecordViewError) -> Bool {
        let v = try required(key)
        guard let b = v.boolValue else { throw error(key, .wrongType(expected: "a boolean", found: v.typeName)) }
        return b
    }

    func strings(_ key: String) throws(RecordViewError) -> [String] {
        guard let v = value[key], !v.isNull else { return [] }
        guard let array = v.arrayValue else { throw error(key, .wrongType(expected: "an array", found: v.typeName)) }
        var out = [String]()
        out.reserveCapacity(array.count)
        for (i, element) in array.enumerated() {
            guard let s = element.stringValue else {
                throw error("\(key)[\(i)]", .wrongType(expected: "a string", found: element.typeName))
            }
            out.append(s)
        }
        return out
    }

    func date(_ key: String) throws(RecordViewError) -> CalendarDate {
        let text = try string(key)
        guard let d = CalendarDate(text) else { throw error(key, .invalid("is not a YYYY-MM-DD calendar date")) }
        return d
    }

    func optionalDate(_ key: String) throws(RecordViewError) -> CalendarDate? {
        guard let text = try optionalString(key) else { return nil }
        guard let d = CalendarDate(text) else { throw error(key, .invalid("is not a YYYY-MM-DD calendar date")) }
        return d
    }
}
