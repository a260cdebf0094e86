// Command calibrate will fit market.Model to the history in testdata and
// backtest its bands (issue 12). This file is a placeholder so that the
// package builds; the program is still to be written.
package main

func main() {}
