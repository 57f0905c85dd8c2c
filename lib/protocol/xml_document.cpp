#include "protocol/xml_document.hpp"

#include <expat.h>

#include <memory>
#include <vector>

namespace awsconnect::protocol {
namespace {

constexpr std::size_t max_depth = 32;

struct builder {
    std::string path;                  // of the open element
    std::vector<std::size_t> lengths;  // path lengths of the open elements' parents
    std::string text;                  // of the innermost open element
    std::string root;
    std::map<std::string, std::string, std::less<>> texts;
    bool too_deep = false;
    XML_Parser parser = nullptr;
};

std::string_view local_name(const XML_Char* name) {
    std::string_view n(name);
    if (const auto colon = n.rfind(':'); colon != std::string_view::npos) n.remove_prefix(colon + 1);
    return n;
}

void XMLCALL on_start(void* user, const XML_Char* name, const XML_Char**) {
    auto& b = *static_cast<builder*>(user);
    if (b.lengths.size() >= max_depth) {
        b.too_deep = true;
        XML_StopParser(b.parser, XML_FALSE);
        return;
    }
    b.lengths.push_back(b.path.size());
    if (!b.path.empty()) b.path.push_back('/');
    b.path.append(local_name(name));
    if (b.root.empty()) b.root = std::string(local_name(name));
    b.text.clear();
}

void XMLCALL on_end(void* user, const XML_Char*) {
    auto& b = *static_cast<builder*>(user);
    std::string_view t = b.text;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\n' || t.front() == '\r' || t.front() == '\t'))
        t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\n' || t.back() == '\r' || t.back() == '\t'))
        t.remove_suffix(1);
    b.texts.try_emplace(b.path, t);  // the first element at a path wins
    b.path.resize(b.lengths.back());
    b.lengths.pop_back();
    b.text.clear();
}

void XMLCALL on_text(void* user, const XML_Char* s, int len) {
    auto& b = *static_cast<builder*>(user);
    b.text.append(s, static_cast<std::size_t>(len));
}

}  // namespace

std::optional<xml_document> xml_document::parse(std::string_view text, std::string* why, std::size_t max_bytes) {
    auto fail = [&](std::string reason) -> std::optional<xml_document> {
        if (why) *why = std::move(reason);
        return std::nullopt;
    };
    if (text.size() > max_bytes) return fail("the document is larger than " + std::to_string(max_bytes) + " bytes");
    std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"), &XML_ParserFree);
    if (!parser) return fail("out of memory");
    builder b;
    b.parser = parser.get();
    XML_SetUserData(parser.get(), &b);
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);
    if (XML_Parse(parser.get(), text.data(), static_cast<int>(text.size()), XML_TRUE) != XML_STATUS_OK) {
        if (b.too_deep) return fail("the document is nested deeper than " + std::to_string(max_depth) + " levels");
        return fail(std::string("not well-formed XML: ") + XML_ErrorString(XML_GetErrorCode(parser.get())) +
                    " at line " + std::to_string(XML_GetCurrentLineNumber(parser.get())));
    }
    xml_document d;
    d.root_ = std::move(b.root);
    d.texts_ = std::move(b.texts);
    return d;
}

std::optional<std::string_view> xml_document::text(std::string_view path) const {
    const auto it = texts_.find(path);
    if (it == texts_.end()) return std::nullopt;
    return std::string_view(it->second);
}

}  // namespace awsconnect::protocol
