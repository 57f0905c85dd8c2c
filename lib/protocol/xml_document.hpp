// A small reader for the XML that awsQuery services (STS) answer with: the document becomes
// the text of its elements, by path ("AssumeRoleResponse/AssumeRoleResult/Credentials/
// AccessKeyId" -> "ASIA..."). Enough for STS's responses and errors, which are flat
// records; attributes, mixed content and namespaces' prefixes are ignored.
//
// Built on expat (Debian's libexpat1-dev): a streaming parser that is small, everywhere,
// heavily fuzzed and security-maintained (it refuses entity-expansion attacks by default
// since 2.4). No DTD is loaded and external entities are never fetched.
//
// Pure; thread safety: plain values.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::protocol {

class xml_document {
public:
    /// Parses `text` (at most `max_bytes`, at most 32 levels deep). Nothing on failure,
    /// with the reason in `*why` when given.
    static std::optional<xml_document> parse(std::string_view text, std::string* why = nullptr,
                                             std::size_t max_bytes = 1024 * 1024);

    /// The text of the first element at `path` ("A/B/C", local names, from the root), or
    /// nothing when there is none. Surrounding whitespace is removed.
    std::optional<std::string_view> text(std::string_view path) const;
    /// The root element's local name.
    const std::string& root() const noexcept { return root_; }

private:
    std::string root_;
    std::map<std::string, std::string, std::less<>> texts_;
};

}  // namespace awsconnect::protocol
