/* parlance-budget-indicator.c — what is left of the rate limits, in the conversation's header.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "42 of 50 free requests left today" for the conversation's provider and model, "42/50" where
 * the header is narrow; the warning colour at a tenth (or 5 requests) left, the error colour at
 * none. It shows the day's limit, or the sliding minute's (or Gemini's tokens a minute) when that
 * one is low and tighter. Hidden while no limit is known (a local server, a paid model on a provider
 * that documents none) unless OpenRouter said the key's credits: then what is left of them.
 *
 * The state is read in a thread after the store wrote what the session asked: on a new provider
 * or model, after every reply, and when it changes by itself (parlance-budget-timer.c): every 5 s
 * while the last minute holds requests, else at the next reset.
 * OpenRouter's GET /key is fetched on a new provider, and when the popover opens if a minute old
 * or a reply came since; its tier teaches the budget the daily limit of free models. */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-api-error.h"
#include "parlance-budget-indicator.h"
#include "parlance-budget-label.h"
#include "parlance-budget-popover.h"
#include "parlance-budget-timer.h"
#include "parlance-key-store.h"
#include "parlance-message.h"
#include "parlance-redact.h"

#define KEY_MAX_AGE (60 * G_USEC_PER_SEC)

struct _ParlanceBudgetIndicator
{
  GtkWidget                  parent_instance;

  GtkMenuButton             *button;
  ParlanceBudgetLabel       *label;
  ParlanceBudgetPopover     *popover;

  GSettings                 *settings;
  ParlanceStore             *store;
  ParlanceRateBudget        *budget;
  ParlanceClockFunc          clock;
  gpointer                   clock_data;
  ParlanceChatSession       *session;
  GSignalGroup              *session_signals;
  GCancellable              *state_cancellable;
  ParlanceBudgetState       *state;
  guint                      timer_id;
  guint                      n_updates;

  GCancellable              *key_cancellable;
  ParlanceOpenrouterKeyInfo *key_info;
  char                      *key_problem;
  char                      *key_provider_id;  /* whom key_info is about */
  gint64                     key_fetched_at;   /* monotonic */
  gboolean                   key_stale;        /* a reply came since */
};

G_DEFINE_FINAL_TYPE (ParlanceBudgetIndicator, parlance_budget_indicator, GTK_TYPE_WIDGET)

static void fetch_key (ParlanceBudgetIndicator *self);

static ParlanceProvider *
current_provider (ParlanceBudgetIndicator *self)
{
  return self->session != NULL ? parlance_chat_session_get_provider (self->session) : NULL;
}

static gboolean
is_openrouter (ParlanceProvider *provider)
{
  return provider != NULL &&
         parlance_provider_get_kind (provider) == PARLANCE_PROVIDER_KIND_OPENROUTER;
}

/* The words */

typedef enum
{
  PICK_DAY,
  PICK_MINUTE,
  PICK_TOKENS,
} Pick;

static gboolean
is_low (Pick   pick,
        gint64 left,
        gint64 limit)
{
  return left * 10 <= limit || (pick != PICK_TOKENS && left <= 5);
}

/* The day's limit, unless a minute's is low and tighter (or the day's is unknown): the one with
 * the smallest share left. FALSE when no limit is known. */
static gboolean
pick_limit (const ParlanceBudgetState *state,
            Pick                      *pick,
            gint64                    *left,
            gint64                    *limit)
{
  const gint64 used[] = { state->day_used, state->minute_used, state->minute_tokens_used };
  const gint64 limits[] = { state->day_limit, state->minute_limit, state->minute_tokens_limit };
  double best = 2.0;

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      gint64 n_left = MAX (limits[i] - used[i], 0);
      double share;

      if (limits[i] < 0)
        continue;
      share = limits[i] > 0 ? (double) n_left / (double) limits[i] : 0.0;
      if (i > PICK_DAY && best <= 1.0 && *pick == PICK_DAY && !is_low ((Pick) i, n_left, limits[i]))
        continue;
      if (share < best)
        {
          best = share;
          *pick = (Pick) i;
          *left = n_left;
          *limit = limits[i];
        }
    }
  return best <= 1.0;
}

static char *
dup_sentence (const ParlanceBudgetState *state,
              Pick                       pick,
              gint64                     left,
              gint64                     limit)
{
  g_autofree char *l = parlance_budget_format_count (left);
  g_autofree char *m = parlance_budget_format_count (limit);
  gulong n = (gulong) MIN (limit, G_MAXLONG);

  switch (pick)
    {
    case PICK_MINUTE:
      return g_strdup_printf (ngettext ("%s of %s request left this minute",
                                        "%s of %s requests left this minute", n), l, m);
    case PICK_TOKENS:
      return g_strdup_printf (ngettext ("%s of %s token left this minute",
                                        "%s of %s tokens left this minute", n), l, m);
    case PICK_DAY:
    default:
      if (g_str_equal (state->group, PARLANCE_BUDGET_GROUP_FREE))
        return g_strdup_printf (ngettext ("%s of %s free request left today",
                                          "%s of %s free requests left today", n), l, m);
      return g_strdup_printf (ngettext ("%s of %s request left today",
                                        "%s of %s requests left today", n), l, m);
    }
}

/* The sentence without its noun, for a header with less room. */
static char *
dup_medium (Pick   pick,
            gint64 left,
            gint64 limit)
{
  g_autofree char *l = parlance_budget_format_count (left);
  g_autofree char *m = parlance_budget_format_count (limit);

  if (pick == PICK_DAY)
    /* Translators: the budget indicator with less room, "42 of 50 left today" */
    return g_strdup_printf (_("%s of %s left today"), l, m);
  /* Translators: the budget indicator with less room, "3 of 20 left this minute" */
  return g_strdup_printf (_("%s of %s left this minute"), l, m);
}

static void
set_level (ParlanceBudgetIndicator *self,
           const char              *level)
{
  const char *levels[] = { "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if (g_strcmp0 (level, levels[i]) != 0)
      gtk_widget_remove_css_class (GTK_WIDGET (self->button), levels[i]);
  if (level != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), level);
}

static void
show_texts (ParlanceBudgetIndicator *self,
            const char              *sentence,
            const char              *medium_text,
            const char              *short_text,
            const char              *level)
{
  parlance_budget_label_set_text (self->label, sentence, medium_text, short_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), sentence);
  /* GTK 4.8's menu button takes the focus with the toggle button inside it: both say it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);
  if (gtk_widget_get_first_child (GTK_WIDGET (self->button)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (GTK_WIDGET (self->button))),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, sentence, -1);
  set_level (self, level);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

/* Shows what is known: the tightest limit, else the key's credits, else nothing. */
static void
update (ParlanceBudgetIndicator *self)
{
  ParlanceProvider *provider = current_provider (self);
  gboolean has_key = is_openrouter (provider) && self->key_info != NULL &&
                     g_strcmp0 (self->key_provider_id, parlance_provider_get_id (provider)) == 0;
  Pick pick = PICK_DAY;
  gint64 left = 0, limit = 0;

  self->n_updates++;
  parlance_budget_popover_set_key_info (self->popover, is_openrouter (provider),
                                        has_key ? self->key_info : NULL,
                                        is_openrouter (provider) ? self->key_problem : NULL);
  if (self->state != NULL && provider != NULL)
    parlance_budget_popover_set_state (self->popover, self->state,
                                       parlance_provider_get_name (provider));

  if (self->state != NULL && pick_limit (self->state, &pick, &left, &limit))
    {
      g_autofree char *sentence = dup_sentence (self->state, pick, left, limit);
      g_autofree char *medium = dup_medium (pick, left, limit);
      g_autofree char *l = parlance_budget_format_count (left);
      g_autofree char *m = parlance_budget_format_count (limit);
      /* Translators: the budget indicator in a narrow window, "42/50" */
      g_autofree char *short_text = g_strdup_printf (_("%s/%s"), l, m);

      show_texts (self, sentence, medium, short_text,
                  left == 0 ? "error" : is_low (pick, left, limit) ? "warning" : NULL);
      return;
    }
  if (has_key && self->key_info->limit_remaining_pico >= 0)
    {
      g_autofree char *credits = parlance_cost_pico_format (self->key_info->limit_remaining_pico);
      /* Translators: "$7.50 of credits left", OpenRouter's key limit */
      g_autofree char *sentence = g_strdup_printf (_("%s of credits left"), credits);

      show_texts (self, sentence, sentence, credits, self->key_info->limit_remaining_pico == 0 ? "error" : NULL);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    gtk_menu_button_popdown (self->button);
}

/* The state */

static gboolean timer_fired (gpointer user_data);

/* Look again when the budget changes by itself (parlance-budget-timer.c). */
static void
schedule (ParlanceBudgetIndicator *self)
{
  guint seconds = parlance_budget_next_look (self->state);

  _parlance_budget_timer_clear (&self->timer_id);
  if (seconds > 0)
    self->timer_id = _parlance_budget_timer_add (seconds, timer_fired, self);
}

static gboolean
timer_fired (gpointer user_data)
{
  ParlanceBudgetIndicator *self = user_data;

  self->timer_id = 0;
  parlance_budget_indicator_refresh (self);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  ParlanceBudgetIndicator *self;   /* a reference */
  GCancellable            *cancellable;
  char                    *provider_id;
  char                    *model;
} StateRead;

static void
state_read_free (StateRead *read)
{
  g_object_unref (read->self);
  g_object_unref (read->cancellable);
  g_free (read->provider_id);
  g_free (read->model);
  g_free (read);
}

static void
state_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  StateRead *read = user_data;
  ParlanceBudgetIndicator *self = read->self;
  g_autoptr(GError) error = NULL;
  ParlanceBudgetState *state;

  state = parlance_rate_budget_get_state_finish (PARLANCE_RATE_BUDGET (object), result, &error);
  if (!g_cancellable_is_cancelled (read->cancellable))
    {
      /* A store that fails to read is said by the window's banner; here, nothing known. */
      if (state == NULL)
        g_debug ("Could not read the budget: %s", error->message);
      g_clear_pointer (&self->state, parlance_budget_state_free);
      self->state = g_steal_pointer (&state);
      update (self);
      schedule (self);
    }
  g_clear_pointer (&state, parlance_budget_state_free);
  state_read_free (read);
}

static void
read_state (ParlanceStore *store,
            gpointer       user_data)
{
  StateRead *read = user_data;

  parlance_rate_budget_get_state_async (read->self->budget, read->provider_id, read->model,
                                        read->cancellable, state_ready, read);
}

/**
 * parlance_budget_indicator_refresh:
 *
 * Reads the budget of the conversation's provider and model again, once the store wrote what
 * was asked of it so far; a read under way is replaced.
 */
void
parlance_budget_indicator_refresh (ParlanceBudgetIndicator *self)
{
  ParlanceProvider *provider;
  StateRead *read;

  g_return_if_fail (PARLANCE_IS_BUDGET_INDICATOR (self));

  g_cancellable_cancel (self->state_cancellable);
  g_clear_object (&self->state_cancellable);
  provider = current_provider (self);
  if (provider == NULL || self->budget == NULL)
    {
      _parlance_budget_timer_clear (&self->timer_id);
      g_clear_pointer (&self->state, parlance_budget_state_free);
      update (self);
      return;
    }
  self->state_cancellable = g_cancellable_new ();
  read = g_new0 (StateRead, 1);
  read->self = g_object_ref (self);
  read->cancellable = g_object_ref (self->state_cancellable);
  read->provider_id = g_strdup (parlance_provider_get_id (provider));
  read->model = g_strdup (parlance_chat_session_get_model (self->session));
  if (self->store != NULL)
    parlance_store_flush_then (self->store, read->cancellable, read_state, read,
                               (GDestroyNotify) state_read_free);
  else
    read_state (NULL, read);
}

/* OpenRouter's key */

static void
key_learned (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ParlanceBudgetIndicator) self = user_data;
  g_autoptr(GError) error = NULL;

  if (parlance_rate_budget_learn_from_key_info_finish (PARLANCE_RATE_BUDGET (object), result, &error) &&
      self->budget == PARLANCE_RATE_BUDGET (object))
    parlance_budget_indicator_refresh (self);
}

static void
key_fetched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ParlanceBudgetIndicator) self = user_data;
  g_autoptr(ParlanceOpenrouterKeyInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = parlance_openrouter_key_fetch_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->key_problem, g_free);
  if (info == NULL)
    {
      /* No key: the window says so already. */
      if (!g_error_matches (error, PARLANCE_API_ERROR, PARLANCE_API_ERROR_NO_KEY))
        self->key_problem = parlance_redact_secrets (error->message, NULL);
    }
  else
    {
      g_clear_pointer (&self->key_info, parlance_openrouter_key_info_free);
      self->key_info = g_steal_pointer (&info);
      if (self->budget != NULL)
        parlance_rate_budget_learn_from_key_info_async (self->budget, self->key_provider_id,
                                                        self->key_info, self->key_cancellable,
                                                        key_learned, g_object_ref (self));
    }
  update (self);
}

/* Asks OpenRouter for the key's state, unless what is known is fresh. */
static void
fetch_key (ParlanceBudgetIndicator *self)
{
  ParlanceProvider *provider = current_provider (self);
  const char *id;

  if (!is_openrouter (provider))
    return;
  id = parlance_provider_get_id (provider);
  if (g_strcmp0 (id, self->key_provider_id) == 0 && !self->key_stale &&
      self->key_fetched_at != 0 && g_get_monotonic_time () - self->key_fetched_at < KEY_MAX_AGE)
    return;

  if (g_strcmp0 (id, self->key_provider_id) != 0)
    {
      g_clear_pointer (&self->key_info, parlance_openrouter_key_info_free);
      g_clear_pointer (&self->key_problem, g_free);
      g_free (self->key_provider_id);
      self->key_provider_id = g_strdup (id);
    }
  g_cancellable_cancel (self->key_cancellable);
  g_clear_object (&self->key_cancellable);
  self->key_cancellable = g_cancellable_new ();
  self->key_fetched_at = g_get_monotonic_time ();
  self->key_stale = FALSE;
  parlance_openrouter_key_fetch_async (parlance_key_store_get_default (), provider,
                                       self->key_cancellable, key_fetched, g_object_ref (self));
}

/**
 * parlance_budget_indicator_set_key_info:
 * @provider_id: the OpenRouter provider the key is for
 * @info: what GET /api/v1/key said, fetched elsewhere (Preferences)
 *
 * Takes a key state fetched elsewhere: the budget learns its tier, and the popover shows it
 * without asking again while it is fresh.
 */
void
parlance_budget_indicator_set_key_info (ParlanceBudgetIndicator         *self,
                                        const char                      *provider_id,
                                        const ParlanceOpenrouterKeyInfo *info)
{
  ParlanceProvider *provider;

  g_return_if_fail (PARLANCE_IS_BUDGET_INDICATOR (self));
  g_return_if_fail (provider_id != NULL && info != NULL);

  if (self->budget != NULL)
    parlance_rate_budget_learn_from_key_info_async (self->budget, provider_id, info, NULL,
                                                    key_learned, g_object_ref (self));
  provider = current_provider (self);
  if (!is_openrouter (provider) || !g_str_equal (parlance_provider_get_id (provider), provider_id))
    return;
  /* A fetch of our own under way is older news. */
  g_cancellable_cancel (self->key_cancellable);
  g_clear_object (&self->key_cancellable);
  g_clear_pointer (&self->key_info, parlance_openrouter_key_info_free);
  g_clear_pointer (&self->key_problem, g_free);
  g_free (self->key_provider_id);
  self->key_provider_id = g_strdup (provider_id);
  self->key_info = parlance_openrouter_key_info_copy (info);
  self->key_fetched_at = g_get_monotonic_time ();
  self->key_stale = FALSE;
  update (self);
}

/* The session */

static void
provider_changed (ParlanceBudgetIndicator *self)
{
  ParlanceProvider *provider = current_provider (self);

  if (self->state != NULL &&
      (provider == NULL || g_strcmp0 (parlance_provider_get_id (provider), self->state->provider_id) != 0))
    {
      /* What was shown is another provider's. */
      g_clear_pointer (&self->state, parlance_budget_state_free);
      update (self);
    }
  fetch_key (self);
  parlance_budget_indicator_refresh (self);
}

/* A reply ended and the session handed its writes to the store: it counts now. */
static void
session_changed (ParlanceBudgetIndicator *self)
{
  gboolean saving = FALSE;

  if (self->session == NULL || parlance_chat_session_get_busy (self->session))
    return;
  g_object_get (self->session, "saving", &saving, NULL);
  if (saving)
    return;
  self->key_stale = TRUE;
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    fetch_key (self);
  parlance_budget_indicator_refresh (self);
}

static void
popover_shown (ParlanceBudgetIndicator *self)
{
  fetch_key (self);
  parlance_budget_indicator_refresh (self);
}

/**
 * parlance_budget_indicator_set_session:
 * @session: (nullable): the conversation shown
 */
void
parlance_budget_indicator_set_session (ParlanceBudgetIndicator *self,
                                       ParlanceChatSession     *session)
{
  g_return_if_fail (PARLANCE_IS_BUDGET_INDICATOR (self));
  g_return_if_fail (session == NULL || PARLANCE_IS_CHAT_SESSION (session));

  if (self->session == session)
    return;
  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  provider_changed (self);
}

/**
 * parlance_budget_indicator_set_store:
 * @store: (nullable): where requests are counted
 */
void
parlance_budget_indicator_set_store (ParlanceBudgetIndicator *self,
                                     ParlanceStore           *store)
{
  g_return_if_fail (PARLANCE_IS_BUDGET_INDICATOR (self));
  g_return_if_fail (store == NULL || PARLANCE_IS_STORE (store));

  if (self->store == store && self->budget != NULL)
    return;
  g_set_object (&self->store, store);
  g_clear_object (&self->budget);
  self->budget = parlance_rate_budget_new (store);
  parlance_rate_budget_set_clock (self->budget, self->clock, self->clock_data);
  parlance_rate_budget_bind_settings (self->budget, self->settings);
  if (self->key_info != NULL && self->key_provider_id != NULL)
    parlance_rate_budget_learn_from_key_info_async (self->budget, self->key_provider_id,
                                                    self->key_info, self->key_cancellable,
                                                    key_learned, g_object_ref (self));
  parlance_budget_indicator_refresh (self);
}

/**
 * parlance_budget_indicator_set_clock:
 * @clock: (nullable): for tests: the budget's time; %NULL for the real one
 */
void
parlance_budget_indicator_set_clock (ParlanceBudgetIndicator *self,
                                     ParlanceClockFunc        clock,
                                     gpointer                 user_data)
{
  g_return_if_fail (PARLANCE_IS_BUDGET_INDICATOR (self));

  self->clock = clock;
  self->clock_data = user_data;
  if (self->budget != NULL)
    parlance_rate_budget_set_clock (self->budget, clock, user_data);
}

/**
 * parlance_budget_indicator_get_state:
 *
 * Returns: (transfer none) (nullable): the budget shown
 */
const ParlanceBudgetState *
parlance_budget_indicator_get_state (ParlanceBudgetIndicator *self)
{
  g_return_val_if_fail (PARLANCE_IS_BUDGET_INDICATOR (self), NULL);
  return self->state;
}

/* The budget it reads, with the user's figures: the one a send waits by too. */
ParlanceRateBudget *
parlance_budget_indicator_get_budget (ParlanceBudgetIndicator *self)
{
  g_return_val_if_fail (PARLANCE_IS_BUDGET_INDICATOR (self), NULL);
  return self->budget;
}

/* The whole sentence, whichever form shows. */
const char *
parlance_budget_indicator_get_text (ParlanceBudgetIndicator *self)
{
  g_return_val_if_fail (PARLANCE_IS_BUDGET_INDICATOR (self), NULL);
  return parlance_budget_label_get_long (self->label);
}

/* For tests: how many times what is shown was brought up to date. */
guint
parlance_budget_indicator_get_n_updates (ParlanceBudgetIndicator *self)
{
  g_return_val_if_fail (PARLANCE_IS_BUDGET_INDICATOR (self), 0);
  return self->n_updates;
}

static void
parlance_budget_indicator_dispose (GObject *object)
{
  ParlanceBudgetIndicator *self = PARLANCE_BUDGET_INDICATOR (object);

  g_cancellable_cancel (self->state_cancellable);
  g_cancellable_cancel (self->key_cancellable);
  g_clear_object (&self->state_cancellable);
  g_clear_object (&self->key_cancellable);
  _parlance_budget_timer_clear (&self->timer_id);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->budget);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), PARLANCE_TYPE_BUDGET_INDICATOR);
  G_OBJECT_CLASS (parlance_budget_indicator_parent_class)->dispose (object);
}

static void
parlance_budget_indicator_finalize (GObject *object)
{
  ParlanceBudgetIndicator *self = PARLANCE_BUDGET_INDICATOR (object);

  parlance_budget_state_free (self->state);
  parlance_openrouter_key_info_free (self->key_info);
  g_free (self->key_problem);
  g_free (self->key_provider_id);
  G_OBJECT_CLASS (parlance_budget_indicator_parent_class)->finalize (object);
}

static void
parlance_budget_indicator_class_init (ParlanceBudgetIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_budget_indicator_dispose;
  object_class->finalize = parlance_budget_indicator_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/parlance-budget-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, ParlanceBudgetIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, ParlanceBudgetIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, ParlanceBudgetIndicator, popover);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "budgetindicator");
}

static void
parlance_budget_indicator_init (ParlanceBudgetIndicator *self)
{
  g_type_ensure (PARLANCE_TYPE_BUDGET_LABEL);
  g_type_ensure (PARLANCE_TYPE_BUDGET_POPOVER);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->session_signals = g_signal_group_new (PARLANCE_TYPE_CHAT_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::provider",
                                  G_CALLBACK (provider_changed), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::model",
                                  G_CALLBACK (parlance_budget_indicator_refresh), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::busy",
                                  G_CALLBACK (session_changed), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::saving",
                                  G_CALLBACK (session_changed), self);
  g_signal_connect_object (self->popover, "show", G_CALLBACK (popover_shown), self,
                           G_CONNECT_SWAPPED);
}
