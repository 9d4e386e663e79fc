package in.satark.esnode.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;

import java.util.function.BiFunction;

/**
 * An index-scoped language analyzer that accepts the same {@code stopwords}, {@code stopwords_path}
 * and {@code stem_exclusion} parameters as the stock distribution's language analyzers, so a mapping
 * written for a stock node works here unchanged.
 */
final class LanguageAnalyzerProvider<A extends Analyzer> extends AbstractIndexAnalyzerProvider<A> {
    private final A analyzer;

    LanguageAnalyzerProvider(
        Environment environment,
        String name,
        Settings settings,
        CharArraySet defaultStopWords,
        BiFunction<CharArraySet, CharArraySet, A> factory
    ) {
        super(name);
        CharArraySet stopWords = Analysis.parseStopWords(environment, settings, defaultStopWords);
        CharArraySet stemExclusion = Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET);
        this.analyzer = factory.apply(stopWords, stemExclusion);
    }

    @Override
    public A get() {
        return analyzer;
    }
}
