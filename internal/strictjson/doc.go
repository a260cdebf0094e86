// Package strictjson holds the library's one strict JSON decoder: Decode
// reads a single JSON value into a struct, refusing keys the struct does
// not declare, keys in another case than declared, keys given twice and
// data after the value, whatever the caller's decoder options; problems
// come back as an *Error that each package wraps into its own error form.
// It imports only the standard library.
package strictjson
