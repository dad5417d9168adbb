package main

// offRetry is excluded by path in the plugin's settings.
func offRetry() {
	for {
		err := call()
		if err != nil {
			continue
		}
		return
	}
}
