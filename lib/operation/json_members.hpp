// Reading and writing the members of restJson1 bodies with Boost.JSON.
//
// Writers add a member only when it is set (absent optionals, empty lists and maps are not
// sent). Readers take a member of the expected JSON type, or nothing: a member of the
// wrong type makes the whole output malformed (`shape_error`), an absent one is simply
// absent. Pure.
#pragma once

#include <awsconnect/phone_numbers.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsconnect::operation::json {

// ---- Writing -------------------------------------------------------------------------

inline void put(boost::json::object& o, std::string_view key, std::string_view value) { o[key] = value; }
inline void put(boost::json::object& o, std::string_view key, const std::string& value) {
    o[key] = std::string_view(value);
}
inline void put(boost::json::object& o, std::string_view key, const std::optional<std::string>& value) {
    if (value) o[key] = *value;
}
inline void put(boost::json::object& o, std::string_view key, const std::optional<int>& value) {
    if (value) o[key] = *value;
}
void put(boost::json::object& o, std::string_view key, const std::vector<std::string>& values);
void put(boost::json::object& o, std::string_view key, const tag_map& tags);

/// Serializes `o` into `out` (replacing its contents).
void write_body(const boost::json::object& o, std::string& out);

// ---- Reading -------------------------------------------------------------------------

/// Where reading a shape went wrong: the member path ("ListPhoneNumbersSummaryList[3].PhoneNumber").
struct shape_error {
    std::string where;
    std::string what;
};

/// Reads members of one JSON object, recording the first type mismatch.
class reader {
public:
    reader(const boost::json::object& o, std::string path, std::optional<shape_error>& error)
        : o_(o), path_(std::move(path)), error_(error) {}

    /// A string member (absent: left as it is).
    void get(std::string_view key, std::string& out);
    void get(std::string_view key, std::optional<std::string>& out);
    void get(std::string_view key, tag_map& out);
    /// An object member: `fn(reader&)` reads it.
    template <class F>
    void get_object(std::string_view key, F&& fn) {
        if (const auto* v = find(key)) {
            if (const auto* obj = v->if_object()) {
                reader r(*obj, member_path(key), error_);
                fn(r);
            } else {
                fail(key, "an object");
            }
        }
    }
    /// An array of objects: `fn(reader&)` reads each element.
    template <class F>
    void get_array(std::string_view key, F&& fn) {
        if (const auto* v = find(key)) {
            const auto* arr = v->if_array();
            if (!arr) return fail(key, "an array");
            std::size_t i = 0;
            for (const auto& e : *arr) {
                const auto* obj = e.if_object();
                if (!obj) return fail(key, "an array of objects");
                reader r(*obj, member_path(key) + "[" + std::to_string(i++) + "]", error_);
                fn(r);
            }
        }
    }

private:
    const boost::json::value* find(std::string_view key) const;
    std::string member_path(std::string_view key) const;
    void fail(std::string_view key, std::string_view expected);

    const boost::json::object& o_;
    std::string path_;
    std::optional<shape_error>& error_;
};

/// Parses a response body as a JSON object. An empty body reads as `{}`. Returns the
/// problem when it is not one.
std::optional<std::string> parse_object(std::string_view body, boost::json::object& out);

}  // namespace awsconnect::operation::json
