// SPDX-License-Identifier: MIT
/*
 * rtnetlink route messages (see rtnl.h). Every read goes through memcpy
 * (the bytes come from a TCP stream: nothing promises alignment) and every
 * length is checked against its container before it is used.
 */
#include "rtnl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/lwtunnel.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/seg6.h>
#include <linux/seg6_iptunnel.h>
#include <linux/seg6_local.h>

#include "../core/ip6.h"

static_assert(sizeof(struct nlmsghdr) == 16, "nlmsghdr is 16 bytes");
static_assert(sizeof(struct rtmsg) == 12, "rtmsg is 12 bytes");
static_assert(sizeof(struct rtnexthop) == 8, "rtnexthop is 8 bytes");
static_assert(sizeof(struct ipv6_sr_hdr) == 8, "SRH fixed part is 8 bytes (RFC 8754 §2)");
static_assert(SEG6_LOCAL_MAX < 32, "seg6local attributes fit the 'have' mask");

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static int bad(char *err, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int bad(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && size)
		vsnprintf(err, size, fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

struct attr {
	uint16_t type;
	const uint8_t *data;
	size_t len;
};

/* Next attribute of [*p, end): 1, 0 at the end, -EBADMSG when one overruns. */
static int attr_next(const uint8_t **p, const uint8_t *end, struct attr *a)
{
	size_t left = (size_t)(end - *p);
	if (left == 0)
		return 0;
	if (left < NLA_HDRLEN)
		return -EBADMSG;
	uint16_t len = rd16(*p);
	if (len < NLA_HDRLEN || len > left)
		return -EBADMSG;
	a->type = rd16(*p + 2) & NLA_TYPE_MASK;
	a->data = *p + NLA_HDRLEN;
	a->len = len - NLA_HDRLEN;
	size_t step = NLA_ALIGN(len);
	*p += step < left ? step : left;
	return 1;
}

#define FOR_EACH_ATTR(rc, p, end, a) while (((rc) = attr_next(&(p), (end), &(a))) > 0)

static int addr_read(const struct attr *a, uint8_t family, struct sr6_ip6 *out, const char *what,
		     char *err, size_t size)
{
	if (family == AF_INET6 && a->len == 16) {
		memcpy(out->b, a->data, 16);
		return 0;
	}
	if (family == AF_INET && a->len == 4) {
		*out = sr6_ip6_from_v4(rd32(a->data));
		return 0;
	}
	return bad(err, size, "%s: %zu bytes for an IPv%c address", what, a->len,
		   family == AF_INET ? '4' : '6');
}

static int u32_read(const struct attr *a, uint32_t *out, const char *what, char *err, size_t size)
{
	if (a->len < 4)
		return bad(err, size, "%s: %zu bytes for a 32-bit value", what, a->len);
	*out = rd32(a->data);
	return 0;
}

/*
 * SEG6_IPTUNNEL_SRH: int mode, then an SRH whose segments[0] is the last
 * segment (RFC 8754 §2). In inline mode the kernel keeps segments[0] free
 * for the packet's own destination (iproute2 sends it as ::).
 */
static int seg6_srh_read(const struct attr *a, struct sr6_rtnl_seg6 *s, char *err, size_t size)
{
	if (a->len < 4 + sizeof(struct ipv6_sr_hdr))
		return bad(err, size, "seg6: SEG6_IPTUNNEL_SRH of %zu bytes", a->len);
	s->mode = rd32(a->data);
	const uint8_t *srh = a->data + 4;
	size_t srh_len = ((size_t)srh[1] + 1) * 8;
	if (srh_len > a->len - 4)
		return bad(err, size, "seg6: SRH of %zu bytes in %zu", srh_len, a->len - 4);
	if (srh[2] != 4)
		return bad(err, size, "seg6: routing header type %u is not an SRH (4)", srh[2]);
	unsigned n = (unsigned)srh[4] + 1; /* Last Entry + 1 */
	if (8 + 16 * (size_t)n > srh_len)
		return bad(err, size, "seg6: %u segments do not fit an SRH of %zu bytes", n,
			   srh_len);
	s->has_tlv = srh_len > 8 + 16 * (size_t)n;
	unsigned last = s->mode == SEG6_IPTUN_MODE_INLINE ? 1 : 0;
	if (last == 1) {
		struct sr6_ip6 slot0;
		memcpy(slot0.b, srh + 8, 16);
		if (!sr6_ip6_is_zero(&slot0) || n == 1)
			last = 0; /* a full list after all */
	}
	if (n - last > SR6_SRH_MAX_SEGS) {
		s->too_many = true;
		return 0;
	}
	s->n_segs = 0;
	for (unsigned i = n; i-- > last;)
		memcpy(s->segs[s->n_segs++].b, srh + 8 + 16 * (size_t)i, 16);
	return 0;
}

static int seg6_read(const uint8_t *p, const uint8_t *end, struct sr6_rtnl_seg6 *s, char *err,
		     size_t size)
{
	struct attr a;
	int rc;
	FOR_EACH_ATTR(rc, p, end, a)
	{
		if (a.type == SEG6_IPTUNNEL_SRH && (rc = seg6_srh_read(&a, s, err, size)) < 0)
			return rc;
	}
	return rc < 0 ? bad(err, size, "seg6: attribute runs past RTA_ENCAP") : 0;
}

static int flavors_read(const struct attr *f, struct sr6_rtnl_seg6local *l, char *err, size_t size)
{
	const uint8_t *p = f->data;
	struct attr a;
	int rc;
	FOR_EACH_ATTR(rc, p, f->data + f->len, a)
	{
		if (a.type == SEG6_LOCAL_FLV_OPERATION) {
			if ((rc = u32_read(&a, &l->flv_ops, "SEG6_LOCAL_FLV_OPERATION", err,
					   size)) < 0)
				return rc;
		} else if (a.type == SEG6_LOCAL_FLV_LCBLOCK_BITS && a.len >= 1) {
			l->lblen = a.data[0];
		} else if (a.type == SEG6_LOCAL_FLV_LCNODE_FN_BITS && a.len >= 1) {
			l->nflen = a.data[0];
		} else if (!l->unknown) {
			l->unknown = SEG6_LOCAL_FLAVORS;
		}
	}
	return rc < 0 ? bad(err, size, "seg6local: flavor attribute runs past its list") : 0;
}

static int seg6local_read(const uint8_t *p, const uint8_t *end, struct sr6_rtnl_seg6local *l,
			  char *err, size_t size)
{
	struct attr a;
	int rc;
	FOR_EACH_ATTR(rc, p, end, a)
	{
		if (a.type > 0 && a.type <= SEG6_LOCAL_MAX)
			l->have |= 1u << a.type;
		switch (a.type) {
		case SEG6_LOCAL_ACTION:
			rc = u32_read(&a, &l->action, "SEG6_LOCAL_ACTION", err, size);
			break;
		case SEG6_LOCAL_TABLE:
			rc = u32_read(&a, &l->table, "SEG6_LOCAL_TABLE", err, size);
			break;
		case SEG6_LOCAL_VRFTABLE:
			rc = u32_read(&a, &l->vrftable, "SEG6_LOCAL_VRFTABLE", err, size);
			break;
		case SEG6_LOCAL_OIF:
			rc = u32_read(&a, &l->oif, "SEG6_LOCAL_OIF", err, size);
			break;
		case SEG6_LOCAL_IIF:
			rc = u32_read(&a, &l->iif, "SEG6_LOCAL_IIF", err, size);
			break;
		case SEG6_LOCAL_NH6:
			rc = addr_read(&a, AF_INET6, &l->nh6, "SEG6_LOCAL_NH6", err, size);
			break;
		case SEG6_LOCAL_NH4:
			rc = addr_read(&a, AF_INET, &l->nh4, "SEG6_LOCAL_NH4", err, size);
			break;
		case SEG6_LOCAL_FLAVORS:
			rc = flavors_read(&a, l, err, size);
			break;
		case SEG6_LOCAL_SRH:
		case SEG6_LOCAL_BPF:
		case SEG6_LOCAL_COUNTERS:
			break; /* presence is what matters (in have) */
		default:
			if (!l->unknown)
				l->unknown = a.type;
			break;
		}
		if (rc < 0)
			return rc;
	}
	return rc < 0 ? bad(err, size, "seg6local: attribute runs past RTA_ENCAP") : 0;
}

/* RTA_ENCAP's payload, read once its type (RTA_ENCAP_TYPE) is known. */
static int encap_read(struct sr6_rtnl_nh *nh, const struct attr *enc, char *err, size_t size)
{
	if (!enc->data)
		return 0;
	const uint8_t *p = enc->data, *end = enc->data + enc->len;
	if (nh->encap_type == LWTUNNEL_ENCAP_SEG6)
		return seg6_read(p, end, &nh->seg6, err, size);
	if (nh->encap_type == LWTUNNEL_ENCAP_SEG6_LOCAL)
		return seg6local_read(p, end, &nh->local, err, size);
	return 0; /* MPLS, IP tunnels...: the type alone says srv6d cannot do it */
}

/* One next hop's attributes (a route's own, or those after a rtnexthop). */
static int nh_attr(struct sr6_rtnl_nh *nh, struct attr *enc, const struct attr *a, uint8_t family,
		   char *err, size_t size)
{
	switch (a->type) {
	case RTA_GATEWAY:
		return addr_read(a, family, &nh->gw, "RTA_GATEWAY", err, size);
	case RTA_OIF:
		return u32_read(a, &nh->oif, "RTA_OIF", err, size);
	case RTA_VIA:
		nh->via_other_family = true;
		return 0;
	case RTA_ENCAP_TYPE:
		if (a->len < 2)
			return bad(err, size, "RTA_ENCAP_TYPE: %zu bytes", a->len);
		nh->encap_type = rd16(a->data);
		return 0;
	case RTA_ENCAP:
		*enc = *a;
		return 0;
	default:
		return 0;
	}
}

static int multipath_read(struct sr6_rtnl_route *rt, const struct attr *mp, char *err, size_t size)
{
	const uint8_t *p = mp->data, *end = mp->data + mp->len;
	while (p < end) {
		size_t left = (size_t)(end - p);
		uint16_t len = left >= sizeof(struct rtnexthop) ? rd16(p) : 0;
		if (len < sizeof(struct rtnexthop) || len > left)
			return bad(err, size, "RTA_MULTIPATH: next hop of %u bytes in %zu", len,
				   left);
		if (rt->n_nh < SR6_RTNL_NH_MAX) {
			struct sr6_rtnl_nh *nh = &rt->nh[rt->n_nh];
			struct attr enc = {0}, a;
			const uint8_t *q = p + sizeof(struct rtnexthop);
			int rc;
			nh->weight = (uint8_t)(p[3] < 255 ? p[3] + 1 : 255); /* rtnh_hops + 1 */
			nh->oif = rd32(p + 4);
			FOR_EACH_ATTR(rc, q, p + len, a)
			{
				if ((rc = nh_attr(nh, &enc, &a, rt->key.family, err, size)) < 0)
					return rc;
			}
			if (rc < 0)
				return bad(err, size,
					   "RTA_MULTIPATH: attribute runs past its next hop");
			if ((rc = encap_read(nh, &enc, err, size)) < 0)
				return rc;
		}
		rt->n_nh++;
		size_t step = RTNH_ALIGN(len);
		p += step < left ? step : left;
	}
	return 0;
}

/* nlmsghdr + rtmsg into rt->key and the rtmsg fields; the attributes start at *attrs. */
static int head_read(const void *msg, size_t len, struct sr6_rtnl_route *rt, const uint8_t **attrs,
		     char *err, size_t size)
{
	const uint8_t *m = msg;
	if (len < NLMSG_LENGTH(sizeof(struct rtmsg)))
		return bad(err, size, "route message of %zu bytes: shorter than its headers", len);
	rt->msg_type = rd16(m + 4);
	const uint8_t *r = m + NLMSG_HDRLEN; /* struct rtmsg */
	uint8_t family = r[0], dst_len = r[1];
	if (family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	if (dst_len > (family == AF_INET ? 32 : 128))
		return bad(err, size, "route /%u for IPv%c", dst_len,
			   family == AF_INET ? '4' : '6');
	rt->key.family = family;
	rt->key.len = (uint8_t)(family == AF_INET ? 96 + dst_len : dst_len);
	rt->key.table = r[4];
	rt->key.dst = family == AF_INET ? sr6_ip6_from_v4(0) : (struct sr6_ip6){{0}};
	rt->src_len = r[2];
	rt->protocol = r[5];
	rt->type = r[7];
	rt->rtm_flags = rd32(r + 8);
	*attrs = r + NLMSG_ALIGN(sizeof(struct rtmsg));
	return 0;
}

int sr6_rtnl_route_parse(const void *msg, size_t len, struct sr6_rtnl_route *rt, char *err,
			 size_t size)
{
	const uint8_t *p, *end = (const uint8_t *)msg + len;
	memset(rt, 0, sizeof(*rt));
	int rc = head_read(msg, len, rt, &p, err, size);
	if (rc < 0)
		return rc;
	struct sr6_rtnl_nh *nh = &rt->nh[0];
	struct attr a, enc = {0}, mp = {0};
	bool has_nh = false;
	FOR_EACH_ATTR(rc, p, end, a)
	{
		switch (a.type) {
		case RTA_DST:
			rc = addr_read(&a, rt->key.family, &rt->key.dst, "RTA_DST", err, size);
			break;
		case RTA_SRC:
			if (!rt->src_len)
				rt->src_len = 1; /* a source prefix, whatever the header said */
			break;
		case RTA_TABLE:
			rc = u32_read(&a, &rt->key.table, "RTA_TABLE", err, size);
			break;
		case RTA_NH_ID:
			rc = u32_read(&a, &rt->nh_id, "RTA_NH_ID", err, size);
			break;
		case RTA_MULTIPATH:
			mp = a;
			break;
		case RTA_GATEWAY:
		case RTA_OIF:
		case RTA_VIA:
		case RTA_ENCAP_TYPE:
		case RTA_ENCAP:
			has_nh = true;
			rc = nh_attr(nh, &enc, &a, rt->key.family, err, size);
			break;
		default:
			break; /* metrics, priority, preferred source, cache info... */
		}
		if (rc < 0)
			return rc;
	}
	if (rc < 0)
		return bad(err, size, "route attribute runs past the message");
	sr6_ip6_mask(&rt->key.dst, rt->key.len);
	if (mp.data) {
		memset(nh, 0, sizeof(*nh));
		return multipath_read(rt, &mp, err, size);
	}
	if (!has_nh)
		return 0;
	nh->weight = 1;
	rt->n_nh = 1;
	return encap_read(nh, &enc, err, size);
}

int sr6_rtnl_route_key(const void *msg, size_t len, struct sr6_rtnl_key *key)
{
	struct sr6_rtnl_route head;
	const uint8_t *p, *end = (const uint8_t *)msg + len;
	int rc = head_read(msg, len, &head, &p, NULL, 0);
	if (rc < 0)
		return rc;
	struct attr a;
	FOR_EACH_ATTR(rc, p, end, a)
	{
		if (a.type == RTA_DST &&
		    addr_read(&a, head.key.family, &head.key.dst, "", NULL, 0) < 0)
			return -EBADMSG;
		if (a.type == RTA_TABLE && a.len >= 4)
			head.key.table = rd32(a.data);
	}
	if (rc < 0)
		return -EBADMSG;
	sr6_ip6_mask(&head.key.dst, head.key.len);
	*key = head.key;
	return 0;
}
