/* parlance-limit-error.c — why a provider refused an answer: which limit, until when, what to do.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every failed answer is read once, here: the status, the headers and the error object (OpenRouter's
 * {"error": {…, "metadata": {…}}}, Gemini's [{"error": {…}}], or one inside a 200 stream). The body
 * is hostile: it is read only up to PARLANCE_LIMIT_ERROR_MAX_BODY and PARLANCE_JSON_MAX_DEPTH, every
 * member may have any type, and every number is clamped (see parlance-http-error.c).
 *
 * The clock is the caller's: @now says what time it is and in which time zone a reset is told.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "parlance-free-tiers.h"
#include "parlance-http-error.h"
#include "parlance-json.h"
#include "parlance-limit-error.h"
#include "parlance-limit-error-private.h"

struct _ParlanceLimitError
{
  GObject            parent_instance;

  ParlanceLimitKind  kind;
  char              *provider_id;
  char              *provider_name;
  guint              http_status;
  char              *server_message;   /* the provider's words, metadata.raw included */
  char              *error_type;       /* metadata.error_type, or a string code */
  char              *upstream;         /* metadata.provider_name */
  char              *message;
  gint64             retry_after;      /* seconds, at most PARLANCE_MAX_WAIT_SECONDS; -1 unknown */
  GDateTime         *retry_at;
  gint64             limit;            /* -1 when not said */
  gint64             remaining;
  gint64             reset_ms;
  GDateTime         *daily_reset;
};

G_DEFINE_FINAL_TYPE (ParlanceLimitError, parlance_limit_error, G_TYPE_OBJECT)

/* The day's reset */

static GDateTime *
next_midnight (GDateTime *now,
               GTimeZone *zone)
{
  g_autoptr(GDateTime) there = g_date_time_to_timezone (now, zone);
  g_autoptr(GDateTime) midnight = NULL;

  if (there == NULL)
    return NULL;
  midnight = g_date_time_new (zone, g_date_time_get_year (there), g_date_time_get_month (there),
                              g_date_time_get_day_of_month (there), 0, 0, 0);
  return midnight ? g_date_time_add_days (midnight, 1) : NULL;
}

/**
 * parlance_limit_dup_daily_reset:
 * @provider_id: "openrouter", "gemini"…
 * @now: the time now
 *
 * When a provider's daily quota starts again, as it documents it: OpenRouter's free models at
 * midnight UTC, Gemini at midnight Pacific time.
 *
 * Returns: (transfer full) (nullable): the next reset after @now, or %NULL when the provider
 *   has no known daily reset
 */
GDateTime *
parlance_limit_dup_daily_reset (const char *provider_id,
                                GDateTime  *now)
{
  g_return_val_if_fail (now != NULL, NULL);

  if (g_strcmp0 (provider_id, "openrouter") == 0)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      return next_midnight (now, utc);
    }
  if (g_strcmp0 (provider_id, "gemini") == 0)
    {
      g_autoptr(GTimeZone) pacific = g_time_zone_new_identifier ("America/Los_Angeles");

      /* Without tzdata, Pacific standard time: an hour early in summer, never late. */
      if (pacific == NULL)
        pacific = g_time_zone_new_identifier ("-08:00");
      return next_midnight (now, pacific);
    }
  return NULL;
}

/* The words */

static char *
dup_reset_time (ParlanceLimitError *self,
                GDateTime          *now)
{
  g_autoptr(GDateTime) local = NULL;

  if (self->daily_reset == NULL)
    return NULL;
  local = g_date_time_to_timezone (self->daily_reset, g_date_time_get_timezone (now));
  if (g_date_time_difference (self->daily_reset, now) < 24 * G_TIME_SPAN_HOUR)
    /* Translators: the time a daily quota resets, in g_date_time_format()'s words */
    return g_date_time_format (local, _("%H:%M"));
  /* Translators: the day and time a quota resets, in g_date_time_format()'s words */
  return g_date_time_format (local, _("%b %-d, %H:%M"));
}

static char *
daily_message (ParlanceLimitError *self,
               GDateTime          *now)
{
  g_autofree char *reset = dup_reset_time (self, now);
  g_autofree char *first = NULL;
  const ParlanceFreeTier *tier = parlance_free_tier_lookup (self->provider_id);

  if (reset != NULL)
    /* Translators: %s is a provider, then a time such as 01:00 */
    first = g_strdup_printf (_("The daily quota of %s is used up; it resets at %s."), self->provider_name, reset);
  else
    first = g_strdup_printf (_("The daily quota of %s is used up."), self->provider_name);

  if (_parlance_limit_contains (self->server_message, "credits") && tier != NULL && tier->requests_per_day_with_credits > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s Buy credits once to raise it to %u free request a day, or pick another model.",
                                         "%s Buy credits once to raise it to %u free requests a day, or pick another model.",
                                         tier->requests_per_day_with_credits),
                            first, tier->requests_per_day_with_credits);
  if (reset == NULL)
    return g_strdup_printf (_("%s Pick another model, or try again later."), first);
  return g_strdup_printf (_("%s Pick another model, or wait until then."), first);
}

static char *
limit_message (ParlanceLimitError *self,
               GDateTime          *now)
{
  const char *name = self->provider_name;
  g_autofree char *wait = self->retry_after >= 0 ? _parlance_http_describe_wait (self->retry_after) : NULL;

  switch (self->kind)
    {
    case PARLANCE_LIMIT_KIND_PER_MINUTE:
      if (self->retry_after == 0)
        return g_strdup (_("Rate limited: you can try again now."));
      if (wait != NULL)
        return g_strdup_printf (_("Rate limited: try again in %s."), wait);
      return g_strdup_printf (_("Rate limited by %s. Try again in a moment, or pick another model."), name);
    case PARLANCE_LIMIT_KIND_UPSTREAM:
      if (self->upstream != NULL && wait != NULL && self->retry_after > 0)
        return g_strdup_printf (_("Rate limited by %s upstream: try again in %s, or pick another model."),
                                self->upstream, wait);
      if (self->upstream != NULL)
        return g_strdup_printf (_("Rate limited by %s upstream. Try again in a moment, or pick another model."),
                                self->upstream);
      return g_strdup_printf (_("The model’s provider behind %s is rate-limiting it. Try again in a moment, or pick another model."),
                              name);
    case PARLANCE_LIMIT_KIND_DAILY:
      return daily_message (self, now);
    case PARLANCE_LIMIT_KIND_CREDITS:
      if (g_strcmp0 (self->provider_id, "openrouter") == 0)
        return g_strdup_printf (_("Your %s account has run out of credits. Buy credits at %s, or pick a free model."),
                                name, PARLANCE_OPENROUTER_CREDITS_URL);
      return g_strdup_printf (_("Your %s account has run out of credits. Add credits on its website, or pick a free model."),
                              name);
    case PARLANCE_LIMIT_KIND_OVERLOADED:
      return g_strdup_printf (_("%s is overloaded, or no service offers this model right now. Try again in a moment, or pick another model."),
                              self->upstream ? self->upstream : name);
    case PARLANCE_LIMIT_KIND_CONTEXT_LENGTH:
      return g_strdup_printf (_("This conversation is too long for the model on %s. Start a new conversation, or pick a model with a longer context."),
                              name);
    case PARLANCE_LIMIT_KIND_OTHER:
    default:
      if (self->server_message != NULL)
        return g_strdup_printf (_("%s did not accept the request: %s"), name, self->server_message);
      return g_strdup_printf (_("%s did not accept the request."), name);
    }
}

/* Building */

static void
read_waits (ParlanceLimitError *self,
            SoupMessageHeaders *headers,
            JsonObject         *error,
            JsonObject         *metadata_headers,
            gint64              gemini_wait,
            GDateTime          *now)
{
  gint64 now_ms = g_date_time_to_unix (now) * 1000 + g_date_time_get_microsecond (now) / 1000;
  gboolean limited = parlance_limit_error_is_rate_limit (self);

  self->retry_after = _parlance_http_parse_wait (_parlance_limit_find_header (headers, metadata_headers, "Retry-After"),
                                                 limited ? _parlance_limit_find_header (headers, metadata_headers, "X-RateLimit-Reset")
                                                         : NULL,
                                                 now_ms);
  if (self->retry_after < 0)
    self->retry_after = _parlance_limit_body_wait (error);
  if (self->retry_after < 0)
    self->retry_after = gemini_wait;

  self->limit = _parlance_limit_parse_int (_parlance_limit_find_header (headers, metadata_headers, "X-RateLimit-Limit"));
  self->remaining = _parlance_limit_parse_int (_parlance_limit_find_header (headers, metadata_headers, "X-RateLimit-Remaining"));
  self->reset_ms = _parlance_limit_parse_int (_parlance_limit_find_header (headers, metadata_headers, "X-RateLimit-Reset"));
  if (self->reset_ms > now_ms + PARLANCE_MAX_WAIT_SECONDS * 1000)
    self->reset_ms = now_ms + PARLANCE_MAX_WAIT_SECONDS * 1000;

  if (self->kind == PARLANCE_LIMIT_KIND_DAILY)
    {
      if (self->reset_ms > now_ms)
        {
          g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);
          self->daily_reset = g_date_time_add (epoch, self->reset_ms * 1000);
        }
      else
        self->daily_reset = parlance_limit_dup_daily_reset (self->provider_id, now);
      if (self->retry_after < 0 && self->daily_reset != NULL)
        self->retry_after = _parlance_limit_clamp_seconds ((double) g_date_time_difference (self->daily_reset, now) / G_TIME_SPAN_SECOND);
    }
}

static ParlanceLimitError *
build (const char         *provider_id,
       const char         *provider_name,
       guint               status,
       SoupMessageHeaders *headers,
       JsonObject         *error,
       GDateTime          *now)
{
  ParlanceLimitError *self = g_object_new (PARLANCE_TYPE_LIMIT_ERROR, NULL);
  JsonObject *metadata = parlance_json_get_object (error, "metadata");
  g_autoptr(GString) quota_ids = g_string_new (NULL);
  g_autofree char *code = _parlance_http_error_code_string (error);
  g_autoptr(GDateTime) now_owned = now ? g_date_time_ref (now) : g_date_time_new_now_local ();
  Signals s = { 0 };
  gint64 gemini_wait;

  self->provider_id = g_strdup (provider_id);
  self->provider_name = g_strdup (provider_name ? provider_name : provider_id ? provider_id : "?");
  self->server_message = _parlance_http_server_message_of (error);
  self->upstream = g_strdup (parlance_json_get_string (metadata, "provider_name"));
  self->error_type = g_strdup (parlance_json_get_string (metadata, "error_type"));
  gemini_wait = _parlance_limit_gemini_details (error, quota_ids);

  /* A status inside the body counts where HTTP said nothing (an error in a 200 stream). */
  if ((status == 0 || status == 200) && code != NULL && g_ascii_isdigit (code[0]))
    status = (guint) CLAMP (_parlance_limit_parse_int (code), 0, 999);
  self->http_status = status;

  s.status = status;
  s.text = self->server_message;
  s.error_type = self->error_type;
  s.code = code;
  s.gemini_status = parlance_json_get_string (error, "status");
  s.quota_ids = quota_ids->str;
  s.has_upstream = self->upstream != NULL;
  self->kind = _parlance_limit_classify (&s);

  read_waits (self, headers, error, parlance_json_get_object (metadata, "headers"), gemini_wait, now_owned);
  if (self->retry_after >= 0)
    self->retry_at = g_date_time_add_seconds (now_owned, (double) MIN (self->retry_after, PARLANCE_MAX_WAIT_SECONDS));
  /* The words say "more than a week"; the number callers count down from stays sane. */
  self->message = limit_message (self, now_owned);
  self->retry_after = MIN (self->retry_after, PARLANCE_MAX_WAIT_SECONDS);
  return self;
}

/**
 * parlance_limit_error_new_from_object:
 * @provider_id: (nullable): the provider asked ("openrouter"), for its resets and pages
 * @provider_name: (nullable): its name for people
 * @status: the HTTP status, or 0 (or 200) for an error inside a stream, whose `code` then counts
 * @headers: (nullable): the response's headers
 * @error: (nullable): the answer's `error` object
 * @now: (nullable): the time now, whose time zone resets are told in; %NULL for the local time
 *
 * Returns: (transfer full): the failure, classified
 */
ParlanceLimitError *
parlance_limit_error_new_from_object (const char         *provider_id,
                                      const char         *provider_name,
                                      guint               status,
                                      SoupMessageHeaders *headers,
                                      JsonObject         *error,
                                      GDateTime          *now)
{
  return build (provider_id, provider_name, status, headers, error, now);
}

/**
 * parlance_limit_error_new_from_http:
 * @provider_id: (nullable): the provider asked ("openrouter"), for its resets and pages
 * @provider_name: (nullable): its name for people
 * @status: the HTTP status
 * @headers: (nullable): the response's headers
 * @body: (array length=len) (nullable): the error body; past %PARLANCE_LIMIT_ERROR_MAX_BODY bytes,
 *   or nested too deep, or not JSON, only the status and headers count
 * @now: (nullable): the time now, whose time zone resets are told in; %NULL for the local time
 *
 * Classifies a failed answer: OpenRouter's {"error": {…}}, Gemini's [{"error": {…}}], or anything.
 *
 * Returns: (transfer full): the failure, classified
 */
ParlanceLimitError *
parlance_limit_error_new_from_http (const char         *provider_id,
                                    const char         *provider_name,
                                    guint               status,
                                    SoupMessageHeaders *headers,
                                    const char         *body,
                                    gsize               len,
                                    GDateTime          *now)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *error = NULL;

  if (body != NULL && len <= PARLANCE_LIMIT_ERROR_MAX_BODY &&
      parlance_json_parser_load (parser, body, len, NULL))
    error = _parlance_http_find_error_object (json_parser_get_root (parser));
  return build (provider_id, provider_name, status, headers, error, now);
}

/* The kinds whose words say more than their status's: what to wait for, or what to buy. The
 * others keep the words of their status (a 404's model, a 500's provider). */
gboolean
_parlance_limit_kind_has_own_words (ParlanceLimitKind kind)
{
  return kind == PARLANCE_LIMIT_KIND_PER_MINUTE || kind == PARLANCE_LIMIT_KIND_DAILY ||
         kind == PARLANCE_LIMIT_KIND_UPSTREAM || kind == PARLANCE_LIMIT_KIND_CREDITS ||
         kind == PARLANCE_LIMIT_KIND_CONTEXT_LENGTH;
}

void
_parlance_limit_error_set_server_message (ParlanceLimitError *self,
                                          const char         *server_message)
{
  g_return_if_fail (PARLANCE_IS_LIMIT_ERROR (self));
  g_free (self->server_message);
  self->server_message = g_strdup (server_message);
}

/* The upstream's name as the server gave it may be anything, the key sent back included: the
 * client sets it again, redacted as the words are. */
void
_parlance_limit_error_set_upstream (ParlanceLimitError *self,
                                    const char         *upstream)
{
  g_return_if_fail (PARLANCE_IS_LIMIT_ERROR (self));
  g_free (self->upstream);
  self->upstream = g_strdup (upstream);
}

void
_parlance_limit_error_set_message (ParlanceLimitError *self,
                                   const char         *message)
{
  g_return_if_fail (PARLANCE_IS_LIMIT_ERROR (self));
  g_return_if_fail (message != NULL);
  g_free (self->message);
  self->message = g_strdup (message);
}

/* Getters */

ParlanceLimitKind
parlance_limit_error_get_kind (ParlanceLimitError *self)
{
  g_return_val_if_fail (PARLANCE_IS_LIMIT_ERROR (self), PARLANCE_LIMIT_KIND_OTHER);
  return self->kind;
}

/**
 * parlance_limit_error_get_message:
 *
 * Returns: (transfer none): what happened and what to do, a translated sentence for the user
 */
const char *
parlance_limit_error_get_message (ParlanceLimitError *self)
{
  g_return_val_if_fail (PARLANCE_IS_LIMIT_ERROR (self), NULL);
  return self->message;
}

/* Returns: (nullable): the provider id given at creation */
const char *
parlance_limit_error_get_provider_id (ParlanceLimitError *self)
{
  g_return_val_if_fail (PARLANCE_IS_LIMIT_ERROR (self), NULL);
  return self->provider_id;
}

/* Returns: the HTTP status, or the `code` of an error that came inside a 200 stream */
guint
parlance_limit_error_get_http_status (ParlanceLimitError *self)
{
  g_return_val_if_fail (PARLANCE_IS_LIMIT_ERROR (self), 0);
  return self->http_status;
}

/* Returns: (nullable): the provider's own words, with OpenRouter's metadata.raw; not shown raw */
const char *
parlance_limit_error_get_server_message (ParlanceLimitError *self)
{
  g_return_val_if_fail (PARLANCE_IS_LIMIT_ERROR (self), NULL);
  return self->server_message;
}

/* Returns: (nullable): OpenRouter's `error.metadata.error_type`, such as "rate_limit_exceeded" */
const char *
parlance_limit_error_get_error_type (ParlanceLimitError *self)
{
  g_return_val_if_fail (PARLANCE_IS_LIMIT_ERROR (self), NULL);
  return self->error_type;
}

/* Returns: (nullable): the upstream provider that refused (OpenRouter's metadata.provider_name) */
const char *
parlance_limit_error_get_upstream (ParlanceLimitError *self)
{
  g_return_val_if_fail (PARLANCE_IS_LIMIT_ERROR (self), NULL);
  return self->upstream;
}

/**
 * parlance_limit_error_get_retry_after:
 *
 * From, in order: `Retry-After` (seconds or an HTTP date), `X-RateLimit-Reset` of a rate limit
 * (epoch milliseconds, header or metadata header), `retry_after_seconds`, Gemini's `retryDelay`,
 * and for a daily quota its reset.
 *
 * Returns: seconds until a retry is allowed, at most a week; -1 when nobody said
 */
gint64
parlance_limit_error_get_retry_after (ParlanceLimitError *self)
{
  g_return_val_if_fail (PARLANCE_IS_LIMIT_ERROR (self), -1);
  return self->retry_after;
}

/* Returns: (transfer none) (nullable): when a retry is allowed: the creation's @now + retry-after */
GDateTime *
parlance_limit_error_get_retry_at (ParlanceLimitError *self)
{
  g_return_val_if_fail (PARLANCE_IS_LIMIT_ERROR (self), NULL);
  return self->retry_at;
}

/**
 * parlance_limit_error_get_rate_limit:
 * @limit: (out) (optional): `X-RateLimit-Limit`, or -1
 * @remaining: (out) (optional): `X-RateLimit-Remaining`, or -1
 * @reset_ms: (out) (optional): `X-RateLimit-Reset` in epoch milliseconds (at most a week ahead), or -1
 *
 * Returns: whether any of them was said
 */
gboolean
parlance_limit_error_get_rate_limit (ParlanceLimitError *self,
                                     gint64             *limit,
                                     gint64             *remaining,
                                     gint64             *reset_ms)
{
  g_return_val_if_fail (PARLANCE_IS_LIMIT_ERROR (self), FALSE);
  if (limit)
    *limit = self->limit;
  if (remaining)
    *remaining = self->remaining;
  if (reset_ms)
    *reset_ms = self->reset_ms;
  return self->limit >= 0 || self->remaining >= 0 || self->reset_ms >= 0;
}

/* Returns: (transfer none) (nullable): for a daily quota, when it resets (said or documented) */
GDateTime *
parlance_limit_error_get_daily_reset (ParlanceLimitError *self)
{
  g_return_val_if_fail (PARLANCE_IS_LIMIT_ERROR (self), NULL);
  return self->daily_reset;
}

/* Returns: whether it is a rate limit of any kind: per minute, daily or upstream */
gboolean
parlance_limit_error_is_rate_limit (ParlanceLimitError *self)
{
  g_return_val_if_fail (PARLANCE_IS_LIMIT_ERROR (self), FALSE);
  return self->kind == PARLANCE_LIMIT_KIND_PER_MINUTE || self->kind == PARLANCE_LIMIT_KIND_DAILY ||
         self->kind == PARLANCE_LIMIT_KIND_UPSTREAM;
}

/**
 * parlance_limit_kind_to_string:
 *
 * Returns: a stable name for the store and JSON: "per-minute", "daily", "upstream", "credits",
 *   "overloaded", "context-length" or "other"
 */
const char *
parlance_limit_kind_to_string (ParlanceLimitKind kind)
{
  switch (kind)
    {
    case PARLANCE_LIMIT_KIND_PER_MINUTE: return "per-minute";
    case PARLANCE_LIMIT_KIND_DAILY: return "daily";
    case PARLANCE_LIMIT_KIND_UPSTREAM: return "upstream";
    case PARLANCE_LIMIT_KIND_CREDITS: return "credits";
    case PARLANCE_LIMIT_KIND_OVERLOADED: return "overloaded";
    case PARLANCE_LIMIT_KIND_CONTEXT_LENGTH: return "context-length";
    case PARLANCE_LIMIT_KIND_OTHER:
    default: return "other";
    }
}

static void
parlance_limit_error_finalize (GObject *object)
{
  ParlanceLimitError *self = PARLANCE_LIMIT_ERROR (object);

  g_free (self->provider_id);
  g_free (self->provider_name);
  g_free (self->server_message);
  g_free (self->error_type);
  g_free (self->upstream);
  g_free (self->message);
  g_clear_pointer (&self->retry_at, g_date_time_unref);
  g_clear_pointer (&self->daily_reset, g_date_time_unref);

  G_OBJECT_CLASS (parlance_limit_error_parent_class)->finalize (object);
}

static void
parlance_limit_error_class_init (ParlanceLimitErrorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = parlance_limit_error_finalize;
}

static void
parlance_limit_error_init (ParlanceLimitError *self)
{
  self->retry_after = -1;
  self->limit = self->remaining = self->reset_ms = -1;
}
