package warm

import (
	"net/http"
	"time"
)

// Ping calls a health endpoint, waiting between tries; via a closure that runs at once.
func Ping(url string) { // want Ping:`blocks: http.Get`
	func() {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
		}
	}()
	time.Sleep(time.Second)
}

// Background starts the pinging in a goroutine: calling it does not block.
func Background(url string) {
	go Ping(url)
}
