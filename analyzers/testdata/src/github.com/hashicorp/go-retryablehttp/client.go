// Package retryablehttp is a stub of github.com/hashicorp/go-retryablehttp (v0.7): the
// client's retry settings. Do stops when RetryMax - attempt <= 0, so a negative RetryMax
// means no retries.
package retryablehttp

import (
	"net/http"
	"time"
)

type Client struct {
	HTTPClient   *http.Client
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	RetryMax     int
}

func NewClient() *Client { return &Client{RetryMax: 4} }

type Request struct{ *http.Request }

func NewRequest(method, url string, rawBody interface{}) (*Request, error) { return &Request{}, nil }

func (c *Client) Do(req *Request) (*http.Response, error) { return nil, nil }

func (c *Client) StandardClient() *http.Client { return &http.Client{} }
