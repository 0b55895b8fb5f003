package core

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// SignatureWindow is how far a request's Timestamp (RPC) or Date (ROA) may be from the emulator host's wall
// clock, and how long a signature nonce is remembered; the real gateway uses 15 minutes for both.
const SignatureWindow = 15 * time.Minute

// maxNonces bounds the replay cache. At the emulator's throughput, 15 minutes of nonces could otherwise grow
// without limit; past the bound the oldest nonces are forgotten early, which only weakens replay detection
// for requests older than the most recent million.
const maxNonces = 1 << 20

// AccessKey is a key pair the emulator accepts. A key issued with a SecurityToken (an STS key) must send that
// token with every request (RPC query SecurityToken, ROA header x-acs-security-token), and stops working
// after Expiration when it is set.
type AccessKey struct {
	ID            string    `json:"access_key_id"`
	Secret        string    `json:"access_key_secret"`
	SecurityToken string    `json:"security_token,omitempty"`
	Expiration    time.Time `json:"expiration,omitzero"`
}

// authenticator checks signatures. Freshness and replay use the host's wall clock, never the emulator
// Clock: tests move the emulator clock to make provisioning finish, and clients sign with real time.
type authenticator struct {
	mu     sync.Mutex
	keys   map[string]AccessKey
	nonces nonceCache
	now    func() time.Time
}

func newAuthenticator(keys []AccessKey) *authenticator {
	a := &authenticator{keys: map[string]AccessKey{}, nonces: nonceCache{seen: map[string]time.Time{}}, now: time.Now}
	for _, k := range keys {
		a.keys[k.ID] = k
	}
	return a
}

func (a *authenticator) addKey(k AccessKey) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keys[k.ID] = k
}

func (a *authenticator) key(id string) (AccessKey, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	k, ok := a.keys[id]
	return k, ok
}

// verifyRPC checks an RPC request (signature v1, HMAC-SHA1, key secret+"&") over params, the query merged
// with a form body. It returns the access key id.
func (a *authenticator) verifyRPC(method string, params url.Values) (string, *Error) {
	for _, p := range []string{"AccessKeyId", "Signature", "SignatureNonce", "Timestamp"} {
		if params.Get(p) == "" {
			return "", Errorf(http.StatusBadRequest, "MissingParameter",
				"The input parameter %q that is mandatory for processing this request is not supplied.", p)
		}
	}
	if m := params.Get("SignatureMethod"); m != "" && m != "HMAC-SHA1" {
		return "", Errorf(http.StatusBadRequest, "IncompleteSignature",
			"The request signature method %q is not supported; use HMAC-SHA1.", m)
	}
	if v := params.Get("SignatureVersion"); v != "" && v != "1.0" {
		return "", Errorf(http.StatusBadRequest, "IncompleteSignature",
			"The request signature version %q is not supported; use 1.0.", v)
	}
	if t := params.Get("SignatureType"); t != "" {
		return "", Errorf(http.StatusBadRequest, "IncompleteSignature",
			"The signature type %q is not supported by the emulator; sign with an access key.", t)
	}
	id := params.Get("AccessKeyId")
	key, ok := a.key(id)
	if !ok {
		return "", Errorf(http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
	}
	ts, err := parseISO8601(params.Get("Timestamp"))
	if err != nil {
		return "", Errorf(http.StatusBadRequest, "InvalidTimeStamp.Format",
			"Specified time stamp or date value is not well formatted (want yyyy-MM-ddTHH:mm:ssZ).")
	}
	if e := a.checkFresh(ts); e != nil {
		return "", e
	}
	sts := RPCStringToSign(method, params)
	if !signatureEqual(params.Get("Signature"), Sign(sts, key.Secret+"&")) {
		return "", signatureMismatch(sts)
	}
	if e := a.checkToken(key, params.Get("SecurityToken")); e != nil {
		return "", e
	}
	if e := a.useNonce(id, params.Get("SignatureNonce")); e != nil {
		return "", e
	}
	return id, nil
}

// verifyROA checks an ROA request ("Authorization: acs <id>:<signature>", HMAC-SHA1, key = plain secret).
// query is the decoded query; body the raw body (checked against Content-MD5, which is what makes the body
// part of the signature).
func (a *authenticator) verifyROA(r *http.Request, query url.Values, body []byte) (string, *Error) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return "", Errorf(http.StatusBadRequest, "IncompleteSignature",
			"The request is not signed: the Authorization header (acs <AccessKeyId>:<Signature>) is missing.")
	}
	scheme, cred, _ := strings.Cut(auth, " ")
	id, sig, ok := strings.Cut(strings.TrimSpace(cred), ":")
	if scheme != "acs" || !ok || id == "" || sig == "" {
		return "", Errorf(http.StatusBadRequest, "IncompleteSignature",
			"The Authorization header must read \"acs <AccessKeyId>:<Signature>\".")
	}
	if m := r.Header.Get("x-acs-signature-method"); m != "" && m != "HMAC-SHA1" {
		return "", Errorf(http.StatusBadRequest, "IncompleteSignature",
			"The request signature method %q is not supported; use HMAC-SHA1.", m)
	}
	key, found := a.key(id)
	if !found {
		return "", Errorf(http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
	}
	date := r.Header.Get("Date")
	if date == "" {
		date = r.Header.Get("x-acs-date")
	}
	if date == "" {
		return "", Errorf(http.StatusBadRequest, "MissingParameter",
			"The request has neither a Date nor an x-acs-date header.")
	}
	ts, err := http.ParseTime(date)
	if err != nil {
		if ts, err = parseISO8601(date); err != nil {
			return "", Errorf(http.StatusBadRequest, "InvalidTimeStamp.Format",
				"Specified date value %q is not an RFC 1123 date.", date)
		}
	}
	if e := a.checkFresh(ts); e != nil {
		return "", e
	}
	if e := checkContentMD5(r.Header.Get("Content-MD5"), body); e != nil {
		return "", e
	}
	sts := ROAStringToSign(r.Method, r.Header, r.URL.Path, query)
	if !signatureEqual(sig, Sign(sts, key.Secret)) {
		return "", signatureMismatch(sts)
	}
	if e := a.checkToken(key, r.Header.Get("x-acs-security-token")); e != nil {
		return "", e
	}
	if n := r.Header.Get("x-acs-signature-nonce"); n != "" {
		if e := a.useNonce(id, n); e != nil {
			return "", e
		}
	}
	return id, nil
}

func signatureMismatch(sts string) *Error {
	// The SDK recognizes this message and compares the server's string to sign with its own, so a user sees
	// where the two differ.
	return Errorf(http.StatusBadRequest, "SignatureDoesNotMatch",
		"Specified signature is not matched with our calculation. server string to sign is:%s", sts)
}

func (a *authenticator) checkFresh(ts time.Time) *Error {
	if d := a.now().Sub(ts); d > SignatureWindow || d < -SignatureWindow {
		return Errorf(http.StatusBadRequest, "InvalidTimeStamp.Expired",
			"Specified time stamp or date value is expired (%s from the server time; allowed ±%s).",
			d.Round(time.Second), SignatureWindow)
	}
	return nil
}

func (a *authenticator) checkToken(key AccessKey, token string) *Error {
	switch {
	case key.SecurityToken == "" && token != "":
		return Errorf(http.StatusBadRequest, "InvalidSecurityToken.Malformed",
			"A security token was sent, but this access key is not a temporary (STS) key.")
	case key.SecurityToken == "":
		return nil
	case token == "":
		return Errorf(http.StatusBadRequest, "InvalidSecurityToken.Malformed",
			"This access key is a temporary (STS) key: the request must carry its security token.")
	case subtle.ConstantTimeCompare([]byte(token), []byte(key.SecurityToken)) != 1:
		return Errorf(http.StatusBadRequest, "InvalidSecurityToken.Malformed", "The security token is not valid for this access key.")
	case !key.Expiration.IsZero() && a.now().After(key.Expiration):
		return Errorf(http.StatusBadRequest, "InvalidSecurityToken.Expired",
			"The security token expired at %s.", key.Expiration.UTC().Format(time.RFC3339))
	}
	return nil
}

// forgetNonce un-records a nonce, for a request that is treated as never having arrived (the "drop" fault):
// Go's HTTP transport replays a GET whose connection was closed without an answer, and that replay must be
// accepted as the first arrival it is. A request whose handler ran keeps its nonce, so a replay of it is
// refused with SignatureNonceUsed, as the real gateway refuses it.
func (a *authenticator) forgetNonce(keyID, nonce string) {
	if nonce == "" {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.nonces.seen, keyID+"\x00"+nonce)
}

func (a *authenticator) useNonce(keyID, nonce string) *Error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.nonces.use(keyID+"\x00"+nonce, a.now()) {
		return Errorf(http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already.")
	}
	return nil
}

// nonceCache remembers nonces for SignatureWindow, oldest first in order so expiry is a walk from the front.
type nonceCache struct {
	seen  map[string]time.Time
	order []nonceEntry
	head  int
}

type nonceEntry struct {
	key string
	at  time.Time
}

// use records key and reports whether it was new within the window.
func (c *nonceCache) use(key string, now time.Time) bool {
	for c.head < len(c.order) && (now.Sub(c.order[c.head].at) > SignatureWindow || len(c.seen) >= maxNonces) {
		e := c.order[c.head]
		if at, ok := c.seen[e.key]; ok && at.Equal(e.at) {
			delete(c.seen, e.key)
		}
		c.order[c.head] = nonceEntry{}
		c.head++
	}
	if c.head > len(c.order)/2 && c.head > 1024 {
		c.order = append(c.order[:0:0], c.order[c.head:]...)
		c.head = 0
	}
	if at, ok := c.seen[key]; ok && now.Sub(at) <= SignatureWindow {
		return false
	}
	c.seen[key] = now
	c.order = append(c.order, nonceEntry{key: key, at: now})
	return true
}

// checkContentMD5 compares a Content-MD5 header with the body. The SDK sends base64(MD5); Batch Compute's
// documents also describe hex (upper or lower case), so all three are accepted.
func checkContentMD5(header string, body []byte) *Error {
	if header == "" {
		return nil
	}
	sum := md5.Sum(body)
	if header == base64.StdEncoding.EncodeToString(sum[:]) || strings.EqualFold(header, hex.EncodeToString(sum[:])) {
		return nil
	}
	return Errorf(http.StatusBadRequest, "InvalidContentMD5", "The Content-MD5 header does not match the request body.")
}

// percentEncode is the RPC signature's encoding: RFC 3986, unreserved characters kept, spaces as %20.
func percentEncode(s string) string {
	e := url.QueryEscape(s)
	if strings.ContainsAny(e, "+*") || strings.Contains(e, "%7E") {
		e = strings.ReplaceAll(e, "+", "%20")
		e = strings.ReplaceAll(e, "*", "%2A")
		e = strings.ReplaceAll(e, "%7E", "~")
	}
	return e
}

// RPCStringToSign builds the RPC (signature v1) string to sign from the request's decoded parameters:
// METHOD&%2F&pe(sorted "pe(k)=pe(v)" joined by "&"), every parameter but Signature, empty ones included.
func RPCStringToSign(method string, params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		ek := percentEncode(k)
		for _, v := range params[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(ek)
			b.WriteByte('=')
			b.WriteString(percentEncode(v))
		}
	}
	return strings.ToUpper(method) + "&%2F&" + url.QueryEscape(b.String())
}

// ROAStringToSign builds the ROA (acs) string to sign: the method, the Accept, Content-MD5, Content-Type and
// Date lines (Date falling back to x-acs-date), every x-acs-* header as "name:value" sorted by lower-cased
// name, and the canonical resource: the decoded path, then "?" and the query sorted by key as raw "k=v"
// (or "k" when the value is empty) joined by "&".
func ROAStringToSign(method string, h http.Header, path string, query url.Values) string {
	date := h.Get("Date")
	if date == "" {
		date = h.Get("x-acs-date")
	}
	var b strings.Builder
	for _, line := range []string{strings.ToUpper(method), h.Get("Accept"), h.Get("Content-MD5"), h.Get("Content-Type"), date} {
		b.WriteString(line)
		b.WriteByte('\n')
	}
	var acs []string
	for name := range h {
		if l := strings.ToLower(name); strings.HasPrefix(l, "x-acs-") {
			acs = append(acs, name)
		}
	}
	sort.Slice(acs, func(i, j int) bool { return strings.ToLower(acs[i]) < strings.ToLower(acs[j]) })
	for _, name := range acs {
		b.WriteString(strings.ToLower(name))
		b.WriteByte(':')
		b.WriteString(strings.Join(h[name], ","))
		b.WriteByte('\n')
	}
	b.WriteString(path)
	if len(query) > 0 {
		keys := make([]string, 0, len(query))
		for k := range query {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('?')
		first := true
		for _, k := range keys {
			for _, v := range query[k] {
				if !first {
					b.WriteByte('&')
				}
				first = false
				b.WriteString(k)
				if v != "" {
					b.WriteByte('=')
					b.WriteString(v)
				}
			}
		}
	}
	return b.String()
}

// Sign is base64(HMAC-SHA1(key, stringToSign)). The RPC key is secret+"&"; the ROA key the plain secret.
func Sign(stringToSign, key string) string {
	m := hmac.New(sha1.New, []byte(key))
	m.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func signatureEqual(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func parseISO8601(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02T15:04:05Z", s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}
