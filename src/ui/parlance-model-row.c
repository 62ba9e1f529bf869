/* parlance-model-row.c — one row of the model picker: a section heading or a model.
 *
 * Copyright 2026 The Parlance authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A model shows its star, name, id, capability tags, context and prices. The row follows its
 * entry's "changed" signal, so typing a query updates the rows in place.
 *
 * Why one widget that draws its own text: GTK 4.8's GtkListView keeps about 200 rows alive
 * whatever the height of the view, and every keystroke changes what all of them show. Rows
 * made of a dozen labels cost 20–50 ms a keystroke to rebind and relayout (and a tooltip set on
 * a child costs a round trip to the X server). This row keeps its height fixed, draws only
 * while it is in sight, and lays its text out only then; rows out of sight just remember to draw
 * when the list scrolls.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "parlance-model-row.h"

#define PAD_X          8
#define PAD_Y          6
#define STAR_SIZE      16
#define STAR_ZONE      36   /* the star's clickable width */
#define GAP            12
#define TAG_GAP        6
#define TAG_PAD_X      6
#define TAG_PAD_Y      1
#define CONTEXT_WIDTH  "0000K"
#define PRICE_WIDTH    "$00.00 / $00.00"

typedef enum
{
  ZONE_NONE,
  ZONE_STAR,
  ZONE_TOOLS,
  ZONE_IMAGES,
  ZONE_REASONING,
  ZONE_CONTEXT,
  ZONE_PRICE,
  N_ZONES
} Zone;

struct _ParlanceModelRow
{
  GtkWidget           parent_instance;

  ParlanceModelEntry *entry;
  GtkAdjustment      *vadjustment;   /* of the scrolled window around the list */
  gboolean            skipped;       /* out of sight when last drawn */
  graphene_rect_t     zones[N_ZONES];
};

G_DEFINE_FINAL_TYPE (ParlanceModelRow, parlance_model_row, GTK_TYPE_WIDGET)

enum { FAVOURITE_TOGGLED, N_SIGNALS };
static guint signals[N_SIGNALS];

GtkWidget *
parlance_model_row_new (void)
{
  return g_object_new (PARLANCE_TYPE_MODEL_ROW, NULL);
}

static ParlanceModel *
get_model (ParlanceModelRow *self)
{
  return self->entry != NULL ? parlance_model_entry_get_model (self->entry) : NULL;
}

static gboolean
has_tag (ParlanceModel *model,
         Zone           zone)
{
  const char * const *inputs = parlance_model_get_input_modalities (model);

  switch ((int) zone)
    {
    case ZONE_TOOLS:     return parlance_model_supports (model, "tools");
    case ZONE_IMAGES:    return inputs != NULL && g_strv_contains (inputs, "image");
    case ZONE_REASONING: return parlance_model_supports (model, "reasoning") ||
                                parlance_model_supports (model, "include_reasoning");
    default:             return FALSE;
    }
}

static const char *
tag_text (Zone zone)
{
  switch ((int) zone)
    {
    case ZONE_TOOLS:     return _("Tools");
    case ZONE_IMAGES:    return _("Images");
    case ZONE_REASONING: return _("Reasoning");
    default:             return "";
    }
}

/* Text styles */

typedef enum
{
  STYLE_NAME,      /* bold */
  STYLE_ID,        /* small */
  STYLE_TAG,       /* small */
  STYLE_NUMBER,    /* tabular figures */
  STYLE_HEADING,   /* bold */
} Style;

static PangoLayout *
layout_new (GtkWidget  *widget,
            Style       style,
            const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  switch (style)
    {
    case STYLE_NAME:
    case STYLE_HEADING:
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      break;
    case STYLE_ID:
    case STYLE_TAG:
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.8333));
      break;
    case STYLE_NUMBER:
    default:
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      break;
    }
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static int
text_height (GtkWidget *widget,
             Style      style)
{
  g_autoptr(PangoLayout) layout = layout_new (widget, style, "Ag");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* Heights and column widths depend only on the font, so all rows share them. */
typedef struct
{
  guint font_hash;
  int   model_height;
  int   heading_height;
  int   context_width;
  int   price_width;
} Metrics;

static const Metrics *
get_metrics (GtkWidget *widget)
{
  static Metrics metrics;
  PangoContext *context = gtk_widget_get_pango_context (widget);
  PangoFontDescription *font = pango_context_get_font_description (context);
  /* The text scale changes the resolution, not the font. */
  guint hash = (font ? pango_font_description_hash (font) : 0) ^
               (guint) (pango_cairo_context_get_resolution (context) * 1000);

  if (metrics.model_height == 0 || metrics.font_hash != hash)
    {
      g_autoptr(PangoLayout) context_layout = layout_new (widget, STYLE_NUMBER, CONTEXT_WIDTH);
      g_autoptr(PangoLayout) price_layout = layout_new (widget, STYLE_NUMBER, PRICE_WIDTH);

      metrics.font_hash = hash;
      metrics.model_height = MAX (text_height (widget, STYLE_NAME) + text_height (widget, STYLE_ID), STAR_SIZE + 16) + 2 * PAD_Y;
      metrics.heading_height = text_height (widget, STYLE_HEADING) + 12 + PAD_Y;
      pango_layout_get_pixel_size (context_layout, &metrics.context_width, NULL);
      pango_layout_get_pixel_size (price_layout, &metrics.price_width, NULL);
    }
  return &metrics;
}

/* Colours from the theme (GTK 4.8 has no gtk_widget_get_color ()). */
static void
get_colors (GtkWidget *widget,
            GdkRGBA   *fg,
            GdkRGBA   *accent_bg)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (style, fg);
  if (!gtk_style_context_lookup_color (style, "accent_bg_color", accent_bg))
    *accent_bg = (GdkRGBA) { 0.21f, 0.52f, 0.89f, 1.0f };
G_GNUC_END_IGNORE_DEPRECATIONS
}

/* Drawing */

static gboolean
in_sight (ParlanceModelRow *self)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  if (scroller == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (self), scroller, &bounds))
    return TRUE;
  return bounds.origin.y + bounds.size.height >= 0 &&
         bounds.origin.y <= gtk_widget_get_height (scroller);
}

static void
draw_text (GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           float          x,
           float          y,
           const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* x counted from the start edge, whatever the text direction. */
static float
flip (ParlanceModelRow *self,
      float             x,
      float             width)
{
  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    return gtk_widget_get_width (GTK_WIDGET (self)) - x - width;
  return x;
}

static void
set_zone (ParlanceModelRow *self,
          Zone              zone,
          float             x,
          float             y,
          float             width,
          float             height)
{
  graphene_rect_init (&self->zones[zone], flip (self, x, width), y, width, height);
}

static void
draw_star (ParlanceModelRow *self,
           GtkSnapshot      *snapshot,
           gboolean          starred,
           const GdkRGBA    *fg)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, starred ? "starred-symbolic" : "non-starred-symbolic",
                                                                 NULL, STAR_SIZE, gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                                                 gtk_widget_get_direction (GTK_WIDGET (self)), 0);
  GdkRGBA color = *fg;
  float height = gtk_widget_get_height (GTK_WIDGET (self));

  color.alpha *= starred ? 1.0f : 0.55f;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (flip (self, PAD_X, STAR_SIZE), (height - STAR_SIZE) / 2));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, STAR_SIZE, STAR_SIZE, &color, 1);
  gtk_snapshot_restore (snapshot);
  set_zone (self, ZONE_STAR, 0, 0, STAR_ZONE, height);
}

/* Under the name: the id. A model known by its id alone shows it once. The provider is the
 * picker's, said once in its header. */
static const char *
second_line (ParlanceModel *model)
{
  const char *id = parlance_model_get_id (model);

  if (g_str_equal (parlance_model_get_name (model), id) || g_str_has_suffix (id, parlance_model_get_name (model)))
    return "";
  return id;
}

static void
draw_model (ParlanceModelRow *self,
            GtkSnapshot      *snapshot,
            ParlanceModel    *model)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const Metrics *metrics = get_metrics (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  g_autofree char *context = parlance_format_tokens (parlance_model_get_context_length (model));
  g_autofree char *price = parlance_model_dup_price_summary (model);
  GdkRGBA fg, dim, accent_bg, tag_bg;
  float end = width - PAD_X;
  float names_start = STAR_ZONE;
  int w, h;

  get_colors (widget, &fg, &accent_bg);
  dim = fg;
  dim.alpha *= 0.55f;
  tag_bg = accent_bg;
  tag_bg.alpha = 0.15f;

  draw_star (self, snapshot, parlance_model_entry_get_is_favourite (self->entry), &fg);

  /* From the end: price, context, tags. */
  if (price != NULL)
    {
      g_autoptr(PangoLayout) layout = layout_new (widget, STYLE_NUMBER, price);
      pango_layout_get_pixel_size (layout, &w, &h);
      draw_text (snapshot, layout, flip (self, end - w, w), (height - h) / 2, &fg);
      set_zone (self, ZONE_PRICE, end - w, 0, w, height);
    }
  end -= metrics->price_width + GAP;
  if (context != NULL)
    {
      g_autoptr(PangoLayout) layout = layout_new (widget, STYLE_NUMBER, context);
      pango_layout_get_pixel_size (layout, &w, &h);
      draw_text (snapshot, layout, flip (self, end - w, w), (height - h) / 2, &dim);
      set_zone (self, ZONE_CONTEXT, end - w, 0, w, height);
    }
  end -= metrics->context_width + GAP;
  for (Zone zone = ZONE_REASONING; zone >= ZONE_TOOLS; zone--)
    {
      g_autoptr(PangoLayout) layout = NULL;
      GskRoundedRect pill;
      float x, y;

      if (!has_tag (model, zone))
        continue;
      layout = layout_new (widget, STYLE_TAG, tag_text (zone));
      pango_layout_get_pixel_size (layout, &w, &h);
      x = end - w - 2 * TAG_PAD_X;
      y = (height - h - 2 * TAG_PAD_Y) / 2;
      if (x < names_start + 120)
        break;   /* too narrow: the names matter more */
      gsk_rounded_rect_init_from_rect (&pill, &GRAPHENE_RECT_INIT (flip (self, x, w + 2 * TAG_PAD_X), y,
                                                                   w + 2 * TAG_PAD_X, h + 2 * TAG_PAD_Y), 6);
      gtk_snapshot_push_rounded_clip (snapshot, &pill);
      gtk_snapshot_append_color (snapshot, &tag_bg, &pill.bounds);
      gtk_snapshot_pop (snapshot);
      draw_text (snapshot, layout, flip (self, x + TAG_PAD_X, w), y + TAG_PAD_Y, &fg);
      set_zone (self, zone, x, y, w + 2 * TAG_PAD_X, h + 2 * TAG_PAD_Y);
      end = x - TAG_GAP;
    }

  /* The names take what is left, ellipsized. */
  {
    const char *second = second_line (model);
    g_autoptr(PangoLayout) name = layout_new (widget, STYLE_NAME, parlance_model_get_name (model));
    g_autoptr(PangoLayout) id = layout_new (widget, STYLE_ID, second);
    float room = MAX (1, end - GAP + TAG_GAP - names_start);
    int name_h, id_h;
    float y;

    pango_layout_set_width (name, (int) room * PANGO_SCALE);
    pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
    pango_layout_set_width (id, (int) room * PANGO_SCALE);
    pango_layout_set_ellipsize (id, PANGO_ELLIPSIZE_MIDDLE);
    pango_layout_get_pixel_size (name, NULL, &name_h);
    pango_layout_get_pixel_size (id, NULL, &id_h);
    if (*second == '\0')
      id_h = 0;   /* one line, in the middle */
    y = (height - name_h - id_h) / 2;
    draw_text (snapshot, name, flip (self, names_start, room), y, &fg);
    if (id_h > 0)
      draw_text (snapshot, id, flip (self, names_start, room), y + name_h, &dim);
  }
}

static void
parlance_model_row_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  ParlanceModelRow *self = PARLANCE_MODEL_ROW (widget);
  ParlanceModel *model = get_model (self);

  for (Zone zone = 0; zone < N_ZONES; zone++)
    graphene_rect_init (&self->zones[zone], 0, 0, 0, 0);

  self->skipped = !in_sight (self);
  if (self->skipped || self->entry == NULL)
    return;

  if (model != NULL)
    draw_model (self, snapshot, model);
  else if (parlance_model_entry_get_heading (self->entry) != NULL)
    {
      g_autoptr(PangoLayout) layout = layout_new (widget, STYLE_HEADING, parlance_model_entry_get_heading (self->entry));
      GdkRGBA fg, accent_bg;
      int w, h;

      get_colors (widget, &fg, &accent_bg);
      fg.alpha *= 0.55f;
      pango_layout_get_pixel_size (layout, &w, &h);
      draw_text (snapshot, layout, flip (self, PAD_X, w), gtk_widget_get_height (widget) - h - PAD_Y, &fg);
    }
}

static void
parlance_model_row_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  ParlanceModelRow *self = PARLANCE_MODEL_ROW (widget);
  const Metrics *metrics = get_metrics (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = STAR_ZONE + 120 + metrics->context_width + metrics->price_width + 2 * GAP + PAD_X;
      *natural = *minimum + 240;
    }
  else if (get_model (self) != NULL)
    *minimum = *natural = metrics->model_height;
  else if (self->entry != NULL && parlance_model_entry_get_heading (self->entry) != NULL)
    *minimum = *natural = metrics->heading_height;
  else
    *minimum = *natural = 0;   /* blank: kept for later, takes no room */
}

/* Rows drawn while out of sight drew nothing: draw them once the list has scrolled. */
static void
scrolled (ParlanceModelRow *self)
{
  if (self->skipped)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
parlance_model_row_root (GtkWidget *widget)
{
  ParlanceModelRow *self = PARLANCE_MODEL_ROW (widget);
  GtkWidget *scroller;

  GTK_WIDGET_CLASS (parlance_model_row_parent_class)->root (widget);

  scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller != NULL)
    {
      self->vadjustment = g_object_ref (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)));
      g_signal_connect_object (self->vadjustment, "value-changed", G_CALLBACK (scrolled), self, G_CONNECT_SWAPPED);
    }
}

static void
parlance_model_row_unroot (GtkWidget *widget)
{
  ParlanceModelRow *self = PARLANCE_MODEL_ROW (widget);

  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->vadjustment);

  GTK_WIDGET_CLASS (parlance_model_row_parent_class)->unroot (widget);
}

/* What the row says to screen readers. */
static void
update_accessible (ParlanceModelRow *self)
{
  ParlanceModel *model = get_model (self);
  g_autoptr(GString) label = g_string_new (NULL);

  if (model != NULL)
    {
      g_autofree char *context = parlance_format_tokens (parlance_model_get_context_length (model));
      g_autofree char *price = parlance_model_dup_price_summary (model);

      g_string_append (label, parlance_model_get_name (model));
      if (parlance_model_entry_get_is_favourite (self->entry))
        g_string_append_printf (label, ", %s", _("favourite"));
      for (Zone zone = ZONE_TOOLS; zone <= ZONE_REASONING; zone++)
        if (has_tag (model, zone))
          g_string_append_printf (label, ", %s", tag_text (zone));
      if (context != NULL)
        /* Translators: %s is a number of tokens, such as "200K" */
        g_string_append_printf (label, _(", context %s"), context);
      if (price != NULL)
        g_string_append_printf (label, ", %s", price);
    }
  else if (self->entry != NULL && parlance_model_entry_get_heading (self->entry) != NULL)
    g_string_append (label, parlance_model_entry_get_heading (self->entry));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label->str, -1);
}

static void
entry_changed (ParlanceModelRow *self)
{
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * parlance_model_row_get_entry:
 *
 * Returns: (transfer none) (nullable): what the row shows
 */
ParlanceModelEntry *
parlance_model_row_get_entry (ParlanceModelRow *self)
{
  g_return_val_if_fail (PARLANCE_IS_MODEL_ROW (self), NULL);
  return self->entry;
}

void
parlance_model_row_set_entry (ParlanceModelRow   *self,
                              ParlanceModelEntry *entry)
{
  g_return_if_fail (PARLANCE_IS_MODEL_ROW (self));
  g_return_if_fail (entry == NULL || PARLANCE_IS_MODEL_ENTRY (entry));

  if (self->entry == entry)
    return;
  if (self->entry != NULL)
    g_signal_handlers_disconnect_by_data (self->entry, self);
  g_set_object (&self->entry, entry);
  if (entry != NULL)
    g_signal_connect_swapped (entry, "changed", G_CALLBACK (entry_changed), self);
  entry_changed (self);
}

/* Pointer */

static Zone
zone_at (ParlanceModelRow *self,
         double            x,
         double            y)
{
  for (Zone zone = ZONE_STAR; zone < N_ZONES; zone++)
    if (graphene_rect_contains_point (&self->zones[zone], &GRAPHENE_POINT_INIT (x, y)))
      return zone;
  return ZONE_NONE;
}

static void
clicked (GtkGestureClick  *gesture,
         int               n_press,
         double            x,
         double            y,
         ParlanceModelRow *self)
{
  ParlanceModel *model = get_model (self);

  if (model == NULL || zone_at (self, x, y) != ZONE_STAR)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  g_signal_emit (self, signals[FAVOURITE_TOGGLED], 0, model, !parlance_model_entry_get_is_favourite (self->entry));
}

static gboolean
parlance_model_row_query_tooltip (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard,
                                  GtkTooltip *tooltip)
{
  ParlanceModelRow *self = PARLANCE_MODEL_ROW (widget);
  ParlanceModel *model = get_model (self);
  g_autofree char *text = NULL;

  if (model == NULL)
    return FALSE;

  switch ((int) zone_at (self, x, y))
    {
    case ZONE_STAR:
      text = g_strdup (parlance_model_entry_get_is_favourite (self->entry) ? _("Remove from Favourites")
                                                                          : _("Add to Favourites"));
      break;
    case ZONE_TOOLS:
      text = g_strdup (_("Can call tools (functions) you describe"));
      break;
    case ZONE_IMAGES:
      text = g_strdup (_("Understands images you attach"));
      break;
    case ZONE_REASONING:
      text = g_strdup (_("Thinks step by step before answering"));
      break;
    case ZONE_CONTEXT:
      {
        g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, parlance_model_get_context_length (model));
        /* Translators: %s is a number of tokens */
        text = g_strdup_printf (_("Reads up to %s tokens at once"), number);
      }
      break;
    case ZONE_PRICE:
      text = g_strdup (parlance_model_get_is_free (model) ? _("Costs nothing")
                                                         : _("Price of a million input tokens / a million output tokens"));
      break;
    default:
      return FALSE;
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
parlance_model_row_dispose (GObject *object)
{
  ParlanceModelRow *self = PARLANCE_MODEL_ROW (object);

  if (self->entry != NULL)
    g_signal_handlers_disconnect_by_data (self->entry, self);
  g_clear_object (&self->entry);

  G_OBJECT_CLASS (parlance_model_row_parent_class)->dispose (object);
}

static void
parlance_model_row_class_init (ParlanceModelRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlance_model_row_dispose;
  widget_class->snapshot = parlance_model_row_snapshot;
  widget_class->measure = parlance_model_row_measure;
  widget_class->root = parlance_model_row_root;
  widget_class->unroot = parlance_model_row_unroot;
  widget_class->query_tooltip = parlance_model_row_query_tooltip;

  /**
   * ParlanceModelRow::favourite-toggled:
   * @model: the model of the row
   * @favourite: whether it should now be a favourite
   *
   * The user clicked the star.
   */
  signals[FAVOURITE_TOGGLED] = g_signal_new ("favourite-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                             PARLANCE_TYPE_MODEL, G_TYPE_BOOLEAN);

  gtk_widget_class_set_css_name (widget_class, "modelrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
parlance_model_row_init (ParlanceModelRow *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (clicked), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}
