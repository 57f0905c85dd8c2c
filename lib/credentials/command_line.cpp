// shlex.split (POSIX mode) for credential_process command lines.
#include "credentials/command_line.hpp"

namespace awsconnect::creds {

split_result split_command_line(std::string_view line) {
    split_result out;
    std::string word;
    bool in_word = false;  // a word has started (it may still be empty: '')
    enum { plain, single_quoted, double_quoted } state = plain;

    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        switch (state) {
        case plain:
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (in_word) {
                    out.args.push_back(std::move(word));
                    word.clear();
                    in_word = false;
                }
            } else if (c == '\'') {
                state = single_quoted;
                in_word = true;
            } else if (c == '"') {
                state = double_quoted;
                in_word = true;
            } else if (c == '\\') {
                if (i + 1 >= line.size()) {
                    out.args.clear();
                    out.error = "no escaped character after a final backslash";
                    return out;
                }
                word += line[++i];
                in_word = true;
            } else {
                word += c;
                in_word = true;
            }
            break;
        case single_quoted:
            if (c == '\'') state = plain;
            else word += c;
            break;
        case double_quoted:
            if (c == '"') {
                state = plain;
            } else if (c == '\\' && i + 1 < line.size() &&
                       (line[i + 1] == '"' || line[i + 1] == '\\')) {
                word += line[++i];
            } else {
                word += c;
            }
            break;
        }
    }
    if (state != plain) {
        out.args.clear();
        out.error = "no closing quotation";
        return out;
    }
    if (in_word) out.args.push_back(std::move(word));
    if (out.args.empty()) out.error = "empty command";
    return out;
}

}  // namespace awsconnect::creds
