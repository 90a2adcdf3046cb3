import Foundation
import Testing
@testable import Sakuin

@Test func icuLoads() { #expect(ICUVersion.current.icu.hasPrefix("7")) }
