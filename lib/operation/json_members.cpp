#include "operation/json_members.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serializer.hpp>

namespace awsconnect::operation::json {

void put(boost::json::object& o, std::string_view key, const std::vector<std::string>& values) {
    if (values.empty()) return;
    boost::json::array a;
    a.reserve(values.size());
    for (const auto& v : values) a.emplace_back(v);
    o[key] = std::move(a);
}

void put(boost::json::object& o, std::string_view key, const tag_map& tags) {
    if (tags.empty()) return;
    boost::json::object t;
    for (const auto& [k, v] : tags) t[k] = v;
    o[key] = std::move(t);
}

void write_body(const boost::json::object& o, std::string& out) {
    out.clear();
    boost::json::serializer sr;
    sr.reset(&o);
    char buf[1024];
    while (!sr.done()) out.append(sr.read(buf));
}

const boost::json::value* reader::find(std::string_view key) const {
    if (error_) return nullptr;  // the first problem is the one reported
    const auto it = o_.find(key);
    if (it == o_.end() || it->value().is_null()) return nullptr;
    return &it->value();
}

std::string reader::member_path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void reader::fail(std::string_view key, std::string_view expected) {
    if (!error_) error_ = shape_error{member_path(key), "expected " + std::string(expected)};
}

void reader::get(std::string_view key, std::string& out) {
    if (const auto* v = find(key)) {
        if (const auto* s = v->if_string())
            out.assign(s->data(), s->size());
        else
            fail(key, "a string");
    }
}

void reader::get(std::string_view key, std::optional<std::string>& out) {
    if (const auto* v = find(key)) {
        if (const auto* s = v->if_string())
            out.emplace(s->data(), s->size());
        else
            fail(key, "a string");
    }
}

void reader::get(std::string_view key, tag_map& out) {
    if (const auto* v = find(key)) {
        const auto* obj = v->if_object();
        if (!obj) return fail(key, "an object");
        for (const auto& kv : *obj) {
            const auto* s = kv.value().if_string();
            if (!s) return fail(key, "an object of strings");
            out.emplace(std::string(kv.key()), std::string(s->data(), s->size()));
        }
    }
}

std::optional<std::string> parse_object(std::string_view body, boost::json::object& out) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        out.clear();
        return std::nullopt;
    }
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec) return "the body is not JSON (" + ec.message() + ")";
    auto* obj = v.if_object();
    if (!obj) return std::string("the body is not a JSON object");
    out = std::move(*obj);
    return std::nullopt;
}

}  // namespace awsconnect::operation::json
