module example.com/twoimports

go 1.26.0
