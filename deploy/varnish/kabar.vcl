# Varnish in front of `kabar serve`: whole public pages cached per variant (reader, member), purged
# by surrogate key with the xkey module, and served from grace while Kabar renders a page again or
# is down. Debian packages: varnish, varnish-modules. See README.md here and
# docs/decisions/0004-page-caching.md.
#
# What differs between sites (where Kabar listens, who may purge) is in kabar-site.vcl, found on
# varnishd's vcl_path: copy kabar-site.vcl.example there and edit it.
vcl 4.1;

import cookie;
import std;
import xkey;

include "kabar-site.vcl";  # defines: backend kabar (with a /healthz probe), acl kabar_purgers

sub vcl_recv {
    # Kabar's worker purges by key: `PURGE /` with `xkey-softpurge: k1 k2` (the old copies stay in
    # grace, served while the new one is fetched) or `xkey-purge` (gone at once: unpublished).
    if (req.method == "PURGE") {
        if (client.ip !~ kabar_purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        } elsif (req.http.xkey-softpurge) {
            set req.http.X-Purged = xkey.softpurge(req.http.xkey-softpurge);
        } else {
            return (synth(400, "Send xkey-purge or xkey-softpurge"));
        }
        return (synth(200, "Purged " + req.http.X-Purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Never public pages (the same list as Kabar's own cache): the admin, a reader's own pages,
    # write endpoints, health. Cookies go through untouched.
    if (req.url ~ "^/(admin|django-admin|akun|komentar|push|kabarplus|iklan|api|hit|healthz|documents)(/|\?|$)") {
        return (pass);
    }
    unset req.http.X-Kabar-Variant;
    if (req.url ~ "^/(static|media)/") {
        unset req.http.Cookie;
        return (hash);
    }
    # A public page is the same for every reader: one copy for readers, one for Kabar+ members.
    # Varnish cannot check the cookie's signature, so it keys on its presence and forwards it;
    # Kabar answers a member page only for a cookie it verified, and vcl_backend_response refuses
    # to store anything else in the member slot. Every other cookie (session, sign-in marker)
    # is dropped: public pages never read them.
    cookie.parse(req.http.Cookie);
    if (cookie.isset("kabar_plus")) {
        set req.http.X-Kabar-Variant = "member";
        cookie.keep("kabar_plus");
        set req.http.Cookie = cookie.get_string();
    } else {
        set req.http.X-Kabar-Variant = "reader";
        unset req.http.Cookie;
    }
    # Share links' tracking parameters do not change the page (Kabar leaves them out of its key too).
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga)=") {
        set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga)=[^&]*&?", "\1");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    # Stale copies: for 30 s while Kabar is healthy (one background fetch renews them), for as long
    # as they are kept (beresp.grace below) while its /healthz fails: stale-if-error.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.http.X-Kabar-Variant);
    # The built-in vcl_hash adds the URL and the host.
}

sub vcl_backend_response {
    # A background fetch that fails (Kabar or its database down) keeps the stale copy in use.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Kabar sends pages uncompressed; Varnish stores them gzipped once and answers a phone on a slow
    # network with a quarter of the bytes (and gunzips for the rare client that cannot take it).
    if (beresp.http.Content-Type ~ "^(text/|application/(json|xml|rss\+xml|atom\+xml|javascript|manifest\+json))") {
        set beresp.do_gzip = true;
    }
    # Kabar says what may be shared; an answer without Cache-Control (an error, a redirect, a page
    # Kabar would not cache) is not stored.
    if (!beresp.http.Cache-Control) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    if (bereq.http.X-Kabar-Variant == "member") {
        if (beresp.http.X-Kabar-Variant != "member") {
            # Kabar refused the cookie (forged or expired): its reader page must not fill the member slot.
            set beresp.uncacheable = true;
            set beresp.ttl = 0s;
            return (deliver);
        }
        # "private" keeps browsers' neighbours and CDNs that ignore the cookie from sharing it;
        # Varnish keys on the cookie, so it may keep the member copy (as long as KABAR_CACHE_S_MAXAGE's default).
        set beresp.ttl = 300s;
        set beresp.grace = 24h;
        return (deliver);
    }
    # Kept a day past their TTL (KABAR_CACHE_STALE_IF_ERROR), for when Kabar is down.
    set beresp.grace = 24h;
}

sub vcl_deliver {
    # Kabar's own verdict when this copy was fetched, then Varnish's for this answer.
    if (resp.http.X-Cache) {
        set resp.http.X-Kabar-Cache = resp.http.X-Cache;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for this cache only; Surrogate-Key and Cache-Tag stay for a CDN in front.
    unset resp.http.xkey;
}
