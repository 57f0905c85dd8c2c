// Where the tests find their data: the project's source tree and the shared test vectors.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace awsconnect::test {

inline std::filesystem::path source_dir() { return AWSCONNECT_SOURCE_DIR; }

/// A data folder from an environment variable, else `../shared/testdata/<rel>` beside
/// the project when it is there, else the byte-for-byte copy under test/data/<rel>.
inline std::filesystem::path testdata_path(const char* env_var, const std::string& rel) {
    if (const char* v = std::getenv(env_var); v != nullptr && *v != '\0') return v;
    auto shared = source_dir().parent_path() / "shared" / "testdata" / rel;
    if (std::filesystem::exists(shared)) return shared;
    return source_dir() / "test" / "data" / rel;
}

inline std::string read_file(const std::filesystem::path& p) {
    std::string out;
    if (FILE* f = std::fopen(p.c_str(), "rb")) {
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
        std::fclose(f);
    }
    return out;
}

}  // namespace awsconnect::test
